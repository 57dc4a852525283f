<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name />
    <message numerus="yes">
        <location filename="../../app/core/chat_import.py" line="57" />
        <source>%n new chat(s)</source>
        <translation><numerusform>%n new chat</numerusform><numerusform>%n new chats</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/core/chat_import.py" line="58" />
        <source>%n message(s)</source>
        <translation><numerusform>%n message</numerusform><numerusform>%n messages</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/core/chat_import.py" line="59" />
        <source>%n chat(s) already here</source>
        <translation><numerusform>%n chat already here</numerusform><numerusform>%n chats already here</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/core/chat_import.py" line="62" />
        <source>%n broken entry(s)</source>
        <translation><numerusform>%n broken entry</numerusform><numerusform>%n broken entries</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/terminal/models_command.py" line="127" />
        <source>Catalog refreshed from {url}: %n model(s).</source>
        <translation><numerusform>Catalog refreshed from {url}: %n model.</numerusform><numerusform>Catalog refreshed from {url}: %n models.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/terminal/transfer_commands.py" line="37" />
        <source>Exported %n chat(s) to {path}</source>
        <translation><numerusform>Exported %n chat to {path}</numerusform><numerusform>Exported %n chats to {path}</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/core/chat_export.py" line="94" />
        <source>This is the branch that was open; the JSON export also holds %n message(s) from other branches.</source>
        <translation><numerusform>This is the branch that was open; the JSON export also holds %n message from another branch.</numerusform><numerusform>This is the branch that was open; the JSON export also holds %n messages from other branches.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/core/downloads.py" line="379" />
        <source>The download of {file} failed after %n attempt(s): {reason}. What arrived is kept; try again later to continue.</source>
        <translation><numerusform>The download of {file} failed after %n attempt: {reason}. What arrived is kept; try again later to continue.</numerusform><numerusform>The download of {file} failed after %n attempts: {reason}. What arrived is kept; try again later to continue.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/core/evaluation/table.py" line="93" />
        <source>accuracy {accuracy:.0%} on {data} (%n question(s))</source>
        <translation><numerusform>accuracy {accuracy:.0%} on {data} (%n question)</numerusform><numerusform>accuracy {accuracy:.0%} on {data} (%n questions)</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/evaluation_words.py" line="42" />
        <source>{file}: %n question(s)</source>
        <translation><numerusform>{file}: %n question</numerusform><numerusform>{file}: %n questions</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/evaluation_words.py" line="68" />
        <source>{tokens:,} tokens scored in %n window(s) of {window} tokens · {speed:,.0f} tokens/s · lower is better</source>
        <translation><numerusform>{tokens:,} tokens scored in %n window of {window} tokens · {speed:,.0f} tokens/s · lower is better</numerusform><numerusform>{tokens:,} tokens scored in %n windows of {window} tokens · {speed:,.0f} tokens/s · lower is better</numerusform></translation>
    </message>
</context>
<context>
    <name>ApiStatus</name>
    <message numerus="yes">
        <location filename="../../app/ui/window_api.py" line="89" />
        <source>answering %n request(s)</source>
        <translation><numerusform>answering %n request</numerusform><numerusform>answering %n requests</numerusform></translation>
    </message>
</context>
<context>
    <name>ChatList</name>
    <message numerus="yes">
        <location filename="../../app/ui/chat_list.py" line="129" />
        <source>%n chat(s) match “{query}”</source>
        <translation><numerusform>%n chat matches “{query}”</numerusform><numerusform>%n chats match “{query}”</numerusform></translation>
    </message>
</context>
<context>
    <name>ChatsMixin</name>
    <message numerus="yes">
        <location filename="../../app/ui/window_chats.py" line="147" />
        <source>Exported %n chat(s) to {path}</source>
        <translation><numerusform>Exported %n chat to {path}</numerusform><numerusform>Exported %n chats to {path}</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/window_chats.py" line="251" />
        <source>Delete “{title}” and its %n message(s)? This cannot be undone.</source>
        <translation><numerusform>Delete “{title}” and its %n message? This cannot be undone.</numerusform><numerusform>Delete “{title}” and its %n messages? This cannot be undone.</numerusform></translation>
    </message>
</context>
<context>
    <name>HubPanel</name>
    <message numerus="yes">
        <location filename="../../app/ui/hub_panel.py" line="107" />
        <source>%n repository(s); choose one to see its files.</source>
        <translation><numerusform>%n repository; choose it to see its files.</numerusform><numerusform>%n repositories; choose one to see its files.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/hub_panel.py" line="131" />
        <source>{repo}: %n GGUF file(s).</source>
        <translation><numerusform>{repo}: %n GGUF file.</numerusform><numerusform>{repo}: %n GGUF files.</numerusform></translation>
    </message>
</context>
<context>
    <name>LocalDocsPage</name>
    <message numerus="yes">
        <location filename="../../app/ui/settings/localdocs_page.py" line="246" />
        <source>%n file(s) could not be read</source>
        <translation><numerusform>%n file could not be read</numerusform><numerusform>%n files could not be read</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/settings/localdocs_page.py" line="250" />
        <source>%n folder(s) missing</source>
        <translation><numerusform>%n folder missing</numerusform><numerusform>%n folders missing</numerusform></translation>
    </message>
</context>
<context>
    <name>ModelsWindow</name>
    <message numerus="yes">
        <location filename="../../app/ui/models_window.py" line="386" />
        <source>Added %n model(s) from {file}.</source>
        <translation><numerusform>Added %n model from {file}.</numerusform><numerusform>Added %n models from {file}.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/models_window.py" line="397" />
        <source>The catalog is up to date (%n model(s)).</source>
        <translation><numerusform>The catalog is up to date (%n model).</numerusform><numerusform>The catalog is up to date (%n models).</numerusform></translation>
    </message>
</context>
<context>
    <name>PresetsPage</name>
    <message numerus="yes">
        <location filename="../../app/ui/settings/presets_page.py" line="220" />
        <source>Exported %n preset(s) to {path}.</source>
        <translation><numerusform>Exported %n preset to {path}.</numerusform><numerusform>Exported %n presets to {path}.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/settings/presets_page.py" line="243" />
        <source>Imported %n preset(s).</source>
        <translation><numerusform>Imported %n preset.</numerusform><numerusform>Imported %n presets.</numerusform></translation>
    </message>
</context>
<context>
    <name>ProvidersPage</name>
    <message numerus="yes">
        <location filename="../../app/ui/settings/providers_page.py" line="356" />
        <source>Connected: %n model(s).</source>
        <translation><numerusform>Connected: %n model.</numerusform><numerusform>Connected: %n models.</numerusform></translation>
    </message>
</context>
</TS>