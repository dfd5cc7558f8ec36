<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccuracyFigure</name>
    <message>
        <source>Validation accuracy</source>
        <translation>验证集准确率</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>No accuracy for regression:
see the loss (MSE)</source>
        <translation>回归任务没有准确率：
请看损失（MSE）</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
</context>
<context>
    <name>ActivationDistributionFigure</name>
    <message>
        <source>Activations per layer</source>
        <translation>各层激活</translation>
    </message>
    <message>
        <source>A network without hidden layers has no activations to show</source>
        <translation>没有隐藏层的网络没有激活可显示</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>line: median</source>
        <translation>线：中位数</translation>
    </message>
    <message>
        <source>light band: {outer}</source>
        <translation>浅色带：{outer}</translation>
    </message>
    <message>
        <source>dark band: {inner}</source>
        <translation>深色带：{inner}</translation>
    </message>
</context>
<context>
    <name>AnimationDialog</name>
    <message>
        <source>Export animation</source>
        <extracomment>The figures a live recording can show: every registered training figure drawn from the records. The figures&apos; check boxes per row. training: the animation recorded live, built from (theme, figures, frames) training: the figures the current run can be replayed onto</extracomment>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>Parameter sweep</source>
        <translation>参数扫描</translation>
    </message>
    <message>
        <source>Descent drawn step by step</source>
        <translation>逐步绘制下降路径</translation>
    </message>
    <message>
        <source>The current run replayed record by record</source>
        <translation>逐条记录回放当前训练</translation>
    </message>
    <message>
        <source>This panel has nothing to animate (train a run first on Training).</source>
        <translation>此面板没有可制作动画的内容（请先在“训练”面板训练一次）。</translation>
    </message>
    <message>
        <source>Animation</source>
        <translation>动画</translation>
    </message>
    <message>
        <source>Geometric spacing (for ranges over factors of ten)</source>
        <translation>等比间隔（适合跨越十倍以上的范围）</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>To</source>
        <translation>终点</translation>
    </message>
    <message>
        <source>The current run&apos;s records</source>
        <translation>当前训练的记录</translation>
    </message>
    <message>
        <source>Recorded live while a run trains (starts one if none is running)</source>
        <translation>训练进行时实时录制（若没有正在进行的训练则开始一次）</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <source>Frames per second</source>
        <translation>每秒帧数</translation>
    </message>
    <message>
        <source>Width (px)</source>
        <translation>宽度（像素）</translation>
    </message>
    <message>
        <source>Height (px)</source>
        <translation>高度（像素）</translation>
    </message>
    <message>
        <source>GIF (Pillow)</source>
        <translation>GIF（Pillow）</translation>
    </message>
    <message>
        <source>MP4 (H.264, imageio-ffmpeg)</source>
        <translation>MP4（H.264，imageio-ffmpeg）</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Stamp the settings on the frames and write them to a .json beside</source>
        <translation>在每帧上标注设置，并在旁边写入 .json</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The chosen figures recorded while the run trains</source>
        <translation>训练进行时录制所选图表</translation>
    </message>
    <message>
        <source>Export animation to</source>
        <translation>导出动画到</translation>
    </message>
    <message>
        <source>Not exported: {reason}</source>
        <translation>未导出：{reason}</translation>
    </message>
    <message>
        <source>Not exported: the run could not start</source>
        <translation>未导出：训练无法开始</translation>
    </message>
    <message>
        <source>Recording while the run trains…</source>
        <translation>正在随训练录制…</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>正在渲染…</translation>
    </message>
    <message>
        <source>Exported to {target}</source>
        <translation>已导出到 {target}</translation>
    </message>
    <message>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消；未写入任何文件。</translation>
    </message>
</context>
<context>
    <name>Animations</name>
    <message>
        <source>step {step}</source>
        <extracomment>The sweeps each figure offers: the parameter names they accept (NAME.KEY for an activation&apos;s). The animation names of registered training figures that differ from their keys (kept for the CLI&apos;s --figures). The training figures a replay or a live recording draws: every registered figure drawn from the records alone.</extracomment>
        <translation>第 {step} 步</translation>
    </message>
</context>
<context>
    <name>BackpropFigure</name>
    <message>
        <source>No step to show</source>
        <translation>没有可显示的一步</translation>
    </message>
    <message>
        <source>Click an example for the batch</source>
        <translation>点击一个样本作为批次</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>hidden layer {index}</source>
        <translation>隐藏层 {index}</translation>
    </message>
    <message>
        <source>① Forward pass, layer {index} of {count}: z = W·a + b, a = f(z)</source>
        <translation>① 前向传播，第 {index} 层（共 {count} 层）：z = W·a + b，a = f(z)</translation>
    </message>
    <message>
        <source>② Loss: L averaged over the batch, and ∂L/∂z at the output</source>
        <translation>② 损失：L 对批次取平均，以及输出层的 ∂L/∂z</translation>
    </message>
    <message>
        <source>③ Backward pass, layer {index} of {count}: δ = ∂L/∂z, ∂L/∂w = δ·a_prev</source>
        <translation>③ 反向传播，第 {index} 层（共 {count} 层）：δ = ∂L/∂z，∂L/∂w = δ·a_prev</translation>
    </message>
    <message>
        <source>④ Update: w ← w − η·∂L/∂w</source>
        <translation>④ 更新：w ← w − η·∂L/∂w</translation>
    </message>
    <message>
        <source>L = −mean[y·log σ(z) + (1 − y)·log(1 − σ(z))]</source>
        <translation>L = −平均[y·log σ(z) + (1 − y)·log(1 − σ(z))]</translation>
    </message>
    <message>
        <source>L = −mean log softmax(z)_y</source>
        <translation>L = −平均 log softmax(z)_y</translation>
    </message>
    <message>
        <source>L = mean (z − y)²</source>
        <translation>L = 平均 (z − y)²</translation>
    </message>
    <message>
        <source> (batch of {count})</source>
        <translation>（批大小 {count}）</translation>
    </message>
    <message>
        <source>example {index}: z = {z}, y = {y}</source>
        <translation>样本 {index}：z = {z}，y = {y}</translation>
    </message>
    <message>
        <source>… and {count} more units</source>
        <translation>……另有 {count} 个神经元</translation>
    </message>
    <message>
        <source> (summed over the batch)</source>
        <translation>（对批次求和）</translation>
    </message>
    <message>
        <source>η = {lr}; the loss on this batch: {before} before the update, {after} after</source>
        <translation>η = {lr}；本批次的损失：更新前 {before}，更新后 {after}</translation>
    </message>
    <message>
        <source>Chain rule: ∂L/∂{weight} = sum over {count} paths = {total} (autograd: {autograd})</source>
        <translation>链式法则：∂L/∂{weight} = {count} 条路径之和 = {total}（自动求导：{autograd}）</translation>
    </message>
    <message>
        <source>  path {units}: {factors} = {product}  (f′ factors: {fprime})</source>
        <translation>  路径 {units}：{factors} = {product}（f′ 因子之积：{fprime}）</translation>
    </message>
    <message>
        <source>weight from {source} to {target}</source>
        <translation>从 {source} 到 {target} 的权重</translation>
    </message>
    <message>
        <source>carries w·a = {w}·{a} = {product}</source>
        <translation>传递 w·a = {w}·{a} = {product}</translation>
    </message>
    <message>
        <source> (this example; batch: {total})</source>
        <translation>（本样本；整个批次：{total}）</translation>
    </message>
</context>
<context>
    <name>BackpropPanel</name>
    <message>
        <source>Backprop</source>
        <extracomment>Settings that change the step itself (the others only move through it). The characters a combo box shows at least (its whole text when it has room, else shortened with a tooltip).</extracomment>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>◀ Previous (PageUp)</source>
        <translation>◀ 上一步（PageUp）</translation>
    </message>
    <message>
        <source>Next (PageDown) ▶</source>
        <translation>下一步（PageDown）▶</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>① Forward</source>
        <translation>① 前向传播</translation>
    </message>
    <message>
        <source>② Loss</source>
        <translation>② 损失</translation>
    </message>
    <message>
        <source>③ Backward</source>
        <translation>③ 反向传播</translation>
    </message>
    <message>
        <source>④ Update</source>
        <translation>④ 更新</translation>
    </message>
    <message>
        <source>Network and data</source>
        <translation>网络与数据</translation>
    </message>
    <message>
        <source>Batch and chain rule</source>
        <translation>批次与链式法则</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Classes (blobs)</source>
        <translation>类别数（簇）</translation>
    </message>
    <message>
        <source>Hidden layers (units)</source>
        <translation>隐藏层（神经元数）</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>Learning rate η</source>
        <translation>学习率 η</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>First example</source>
        <translation>第一个样本</translation>
    </message>
    <message>
        <source>Paths of w[unit, input]: unit</source>
        <translation>w[神经元, 输入] 的路径：神经元</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>the task&apos;s own</source>
        <translation>按任务默认</translation>
    </message>
    <message>
        <source>binary cross-entropy (logits)</source>
        <translation>二元交叉熵（logits）</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>Take the Training panel&apos;s network</source>
        <translation>采用训练面板的网络</translation>
    </message>
    <message>
        <source>Step {index} of {count}</source>
        <translation>第 {index} 步，共 {count} 步</translation>
    </message>
    <message>
        <source>The Training panel&apos;s network ({dataset}, {hidden}) is larger than the microscope draws: at most {layers} hidden layers of {units} units, on data of at most {units} inputs</source>
        <translation>训练面板的网络（{dataset}，{hidden}）超出了此处能绘制的大小：最多 {layers} 个隐藏层、每层 {units} 个神经元，数据最多 {units} 个输入</translation>
    </message>
</context>
<context>
    <name>BoundaryFigure</name>
    <message>
        <source>Fitted function</source>
        <extracomment>The user&apos;s own points being edited (rows: x1, x2, label, or x, target), drawn instead of the run&apos;s.</extracomment>
        <translation>拟合的函数</translation>
    </message>
    <message>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>Drawn for 1-D and 2-D inputs;
this data set has {inputs}.</source>
        <translation>仅对一维和二维输入绘制；
该数据集有 {inputs} 维。</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>ActGUI: activation functions, initialisation and training dynamics. Without a command it opens the window.</source>
        <extracomment>Modules that add subcommands, each with `add_commands(commands: Commands)`; imported when the parser is built. What `actgui list NAME` prints: &quot;module:function&quot; returning the registry&apos;s keys, imported only when asked, so `list` answers without loading the commands&apos; modules.</extracomment>
        <translation>ActGUI：激活函数、参数初始化与训练过程的可视化。不带命令时打开窗口。</translation>
    </message>
    <message>
        <source>open the window (the default)</source>
        <translation>打开窗口（默认）</translation>
    </message>
    <message>
        <source>render a figure to PNG, SVG, PDF or CSV</source>
        <translation>把图形导出为 PNG、SVG、PDF 或 CSV</translation>
    </message>
    <message>
        <source>print a registry&apos;s keys, one per line</source>
        <translation>列出注册表中的键，每行一个</translation>
    </message>
    <message>
        <source>text and line scale (like DPI)</source>
        <translation>文字与线条的缩放（类似 DPI）</translation>
    </message>
    <message>
        <source>output file: .png, .svg, .pdf, .csv, or the code as .py or .ipynb</source>
        <extracomment>The largest magnitude an integer option may have (every option&apos;s own range is far smaller; this keeps a 400-digit number from reaching code that turns it into a float).</extracomment>
        <translation>输出文件：.png、.svg、.pdf、.csv，或代码 .py、.ipynb</translation>
    </message>
    <message>
        <source>stamp the settings on the image and write them to a .json beside --out</source>
        <translation>在图像上标注设置，并写入 --out 旁边的 .json 文件</translation>
    </message>
    <message>
        <source>activation curves (and derivatives)</source>
        <translation>激活函数曲线（及其导数）</translation>
    </message>
    <message>
        <source>Plot activations; NAMES comma-separated (see `actgui list activations`).</source>
        <translation>绘制激活函数；NAMES 用逗号分隔（见 `actgui list activations`）。</translation>
    </message>
    <message>
        <source>also f′ (autograd)</source>
        <translation>同时绘制 f′（自动求导）</translation>
    </message>
    <message>
        <source>also f″ (double backward)</source>
        <translation>同时绘制 f″（二阶反向传播）</translation>
    </message>
    <message>
        <source>e.g. leaky_relu.negative_slope=0.1</source>
        <translation>例如 leaky_relu.negative_slope=0.1</translation>
    </message>
    <message>
        <source>the formula of the &apos;custom&apos; activation, in x</source>
        <translation>“custom”激活函数的公式（变量为 x）</translation>
    </message>
    <message>
        <source>f and derivatives in one plot</source>
        <translation>f 与导数画在同一张图中</translation>
    </message>
    <message>
        <source>overlay 2σ(2x) − 1, which equals tanh(x)</source>
        <translation>叠加 2σ(2x) − 1，它等于 tanh(x)</translation>
    </message>
    <message>
        <source>shade each curve&apos;s effective input range (between its flat tails, |f′| &lt; 0.01)</source>
        <translation>为每条曲线标出有效输入范围（两侧平坦尾部之间，尾部 |f′| &lt; 0.01）</translation>
    </message>
    <message>
        <source>histogram of sampled weights against theory (CSV: one row per weight)</source>
        <translation>采样权重的直方图与理论分布（CSV：每个权重一行）</translation>
    </message>
    <message>
        <source>Sample a fan_out × fan_in weight with SCHEME (see `actgui list inits`) and draw its histogram with the theoretical density. CSV: column `weight`, one row per weight.</source>
        <translation>用 SCHEME（见 `actgui list inits`）采样 fan_out × fan_in 的权重，并绘制其直方图与理论密度。CSV：列 `weight`，每个权重一行。</translation>
    </message>
    <message>
        <source>inputs of the layer, 1 to {MAX_FAN} (default 256)</source>
        <translation>该层的输入数，1 到 {MAX_FAN}（默认 256）</translation>
    </message>
    <message>
        <source>outputs of the layer, 1 to {MAX_FAN} (default 256)</source>
        <translation>该层的输出数，1 到 {MAX_FAN}（默认 256）</translation>
    </message>
    <message>
        <source>a scheme parameter, e.g. gain=2, mode=fan_out, nonlinearity=tanh (repeatable)</source>
        <translation>初始化方法的参数，例如 gain=2、mode=fan_out、nonlinearity=tanh（可重复）</translation>
    </message>
    <message>
        <source>activation and gradient std per layer of a deep stack (CSV: [case,]layer,act_mean,act_std,grad_std,signal_grad_std)</source>
        <translation>深层网络每层的激活值与梯度标准差（CSV：[case,]layer,act_mean,act_std,grad_std,signal_grad_std）</translation>
    </message>
    <message>
        <source>One forward and backward pass (loss: mean of the squared output) through DEPTH linear layers of width W with the activation and init; plots the std of each layer&apos;s activations, of the gradient of its weights and of the back-propagated signal ∂L/∂h, and the activations&apos; mean.</source>
        <translation>在 DEPTH 个宽度为 W 的线性层（使用给定的激活函数和初始化）上做一次前向和反向传播（损失：输出平方的均值）；绘制每层激活值、其权重梯度以及反向传播信号 ∂L/∂h 的标准差，以及激活值的均值。</translation>
    </message>
    <message>
        <source>see `actgui list activations`</source>
        <translation>见 `actgui list activations`</translation>
    </message>
    <message>
        <source>see `actgui list inits`</source>
        <translation>见 `actgui list inits`</translation>
    </message>
    <message>
        <source>several cases on one plot instead of --activation/--init: ACTIVATION:INIT pairs such as relu:xavier_normal,relu:kaiming_normal, or one of the notes&apos; comparisons: {names}</source>
        <translation>在一张图上画多个案例，代替 --activation/--init：ACTIVATION:INIT 组合，例如 relu:xavier_normal,relu:kaiming_normal，或笔记中的一组对比：{names}</translation>
    </message>
    <message>
        <source>number of layers, 1 to {MAX_DEPTH} (default 20)</source>
        <translation>层数，1 到 {MAX_DEPTH}（默认 20）</translation>
    </message>
    <message>
        <source>units per layer, 1 to {MAX_WIDTH} (default 256)</source>
        <translation>每层神经元数，1 到 {MAX_WIDTH}（默认 256）</translation>
    </message>
    <message>
        <source>batch size, 1 to {MAX_BATCH} (default 256)</source>
        <translation>批大小，1 到 {MAX_BATCH}（默认 256）</translation>
    </message>
    <message>
        <source>an activation or init parameter, e.g. activation.negative_slope=0.2, init.gain=1.5, init.mode=fan_out (repeatable)</source>
        <translation>激活函数或初始化的参数，例如 activation.negative_slope=0.2、init.gain=1.5、init.mode=fan_out（可重复）</translation>
    </message>
    <message>
        <source>losses and their autograd gradients against the prediction</source>
        <translation>损失函数及其自动求导梯度随预测值的变化</translation>
    </message>
    <message>
        <source>target y (regression, default 0) or t in [0, 1] (classification, default 1)</source>
        <translation>目标值 y（回归，默认 0）或 [0, 1] 中的 t（分类，默认 1）</translation>
    </message>
    <message>
        <source>e.g. huber.delta=2</source>
        <translation>例如 huber.delta=2</translation>
    </message>
    <message>
        <source>Plot losses (see `actgui list losses`), NAMES comma-separated. Regression and classification losses go on one figure against the logit (default) or the probability of a sigmoid output, the regression losses scoring ŷ = p against t. CSV columns: prediction, then NAME and NAME_grad per loss.</source>
        <translation>绘制损失函数（见 `actgui list losses`），NAMES 用逗号分隔。回归与分类损失可画在同一张图上：横轴为 sigmoid 输出的 logit（默认）或概率，回归损失以 ŷ = p 与 t 比较。CSV 列：prediction，然后每个损失的 NAME 与 NAME_grad。</translation>
    </message>
    <message>
        <source>classification: plot against the probability p (default) or the logit z; regression losses on either axis score the sigmoid output ŷ = p (default with classification losses: logit)</source>
        <translation>分类：横轴为概率 p（默认）或 logit z；回归损失在这两种横轴上都评估 sigmoid 输出 ŷ = p（与分类损失一起时默认为 logit）</translation>
    </message>
    <message>
        <source>default: target − 4, (0, 1) or −6</source>
        <translation>默认：目标值 − 4、(0, 1) 或 −6</translation>
    </message>
    <message>
        <source>default: target + 4, (0, 1) or 6</source>
        <translation>默认：目标值 + 4、(0, 1) 或 6</translation>
    </message>
    <message>
        <source>optimisers&apos; trajectories on a 2-D surface</source>
        <translation>优化器在二维曲面上的轨迹</translation>
    </message>
    <message>
        <source>Run torch.optim optimisers from one start on a surface (see `actgui list surfaces`). CSV columns: optimizer, step, x, y, loss.</source>
        <translation>从同一起点在曲面（见 `actgui list surfaces`）上运行 torch.optim 优化器。CSV 列：optimizer, step, x, y, loss。</translation>
    </message>
    <message>
        <source>default: the surface&apos;s own start, e.g. -1.5,2</source>
        <translation>默认：曲面自带的起点，例如 -1.5,2</translation>
    </message>
    <message>
        <source>compare learning rates on one surface: every optimizer runs at each</source>
        <translation>在同一曲面上比较学习率：每个优化器依次用每个学习率运行</translation>
    </message>
    <message>
        <source>render an animation (GIF or MP4): a parameter sweep, a descent or a training run</source>
        <translation>渲染动画（GIF 或 MP4）：参数扫描、梯度下降或一次训练</translation>
    </message>
    <message>
        <source>sweep one parameter of a figure from A to B</source>
        <translation>将图表的一个参数从 A 扫描到 B</translation>
    </message>
    <message>
        <source>Sweep one parameter on a figure: function (NAME.KEY of a plotted activation), softmax (temperature) or depth (depth, width, activation.KEY or init.KEY).</source>
        <translation>在图表上扫描一个参数：function（所绘激活函数的 NAME.KEY）、softmax（温度）或 depth（depth、width、activation.KEY 或 init.KEY）。</translation>
    </message>
    <message>
        <source>function: the activations, comma-separated</source>
        <translation>function：激活函数，逗号分隔</translation>
    </message>
    <message>
        <source>the swept parameter and its range, e.g. leaky_relu.negative_slope=0:1</source>
        <translation>扫描的参数及其范围，例如 leaky_relu.negative_slope=0:1</translation>
    </message>
    <message>
        <source>space the values geometrically (both ends positive)</source>
        <translation>按等比间隔取值（两端须为正）</translation>
    </message>
    <message>
        <source>a fixed parameter, e.g. elu.alpha=2 or init.gain=1.5 (repeatable)</source>
        <translation>固定的参数，例如 elu.alpha=2 或 init.gain=1.5（可重复）</translation>
    </message>
    <message>
        <source>function: also f′ (autograd)</source>
        <translation>function：同时绘制 f′（自动微分）</translation>
    </message>
    <message>
        <source>softmax: comma-separated logits</source>
        <translation>softmax：逗号分隔的 logits</translation>
    </message>
    <message>
        <source>depth: see `actgui list activations`</source>
        <translation>depth：见 `actgui list activations`</translation>
    </message>
    <message>
        <source>depth: see `actgui list inits`</source>
        <translation>depth：见 `actgui list inits`</translation>
    </message>
    <message>
        <source>depth: number of layers</source>
        <translation>depth：层数</translation>
    </message>
    <message>
        <source>depth: units per layer</source>
        <translation>depth：每层单元数</translation>
    </message>
    <message>
        <source>the optimisers&apos; descent on a surface, step by step</source>
        <translation>优化器在曲面上的下降过程，逐步绘制</translation>
    </message>
    <message>
        <source>Run torch.optim optimisers from one start on a surface (see `actgui list surfaces`) and draw their paths step by step.</source>
        <translation>从同一起点在曲面上运行 torch.optim 优化器（见 `actgui list surfaces`），逐步绘制其路径。</translation>
    </message>
    <message>
        <source>default: the surface&apos;s own start; write --start=-1.5,2 when X is negative</source>
        <translation>默认：曲面自带的起点；X 为负数时写作 --start=-1.5,2</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>用逗号分隔</translation>
    </message>
    <message>
        <source>surface parameter, e.g. condition=20</source>
        <translation>曲面参数，例如 condition=20</translation>
    </message>
    <message>
        <source>f(x, y) of the &apos;custom&apos; surface</source>
        <translation>“custom”曲面的 f(x, y)</translation>
    </message>
    <message>
        <source>also draw the descent direction −∇f</source>
        <translation>同时绘制下降方向 −∇f</translation>
    </message>
    <message>
        <source>train an MLP as `actgui train` does and replay its records onto training figures</source>
        <translation>像 `actgui train` 一样训练 MLP，并把记录回放到训练图表上</translation>
    </message>
    <message>
        <source>Train an MLP (the options of `actgui train`) and replay its records onto the training figures, side by side.</source>
        <translation>训练一个 MLP（选项同 `actgui train`），并把记录并排回放到训练图表上。</translation>
    </message>
    <message>
        <source>comma-separated: loss, accuracy, boundary, gradient, health, histogram</source>
        <translation>逗号分隔：loss、accuracy、boundary、gradient、health、histogram</translation>
    </message>
    <message>
        <source>output file: .gif or .mp4</source>
        <translation>输出文件：.gif 或 .mp4</translation>
    </message>
    <message>
        <source>number of frames (default: 60, or one per step up to 60)</source>
        <translation>帧数（默认 60，或每步一帧、最多 60）</translation>
    </message>
    <message>
        <source>frames per second</source>
        <translation>每秒帧数</translation>
    </message>
    <message>
        <source>stamp the settings on the frames and write them to a .json beside --out</source>
        <translation>在每帧上标注设置，并在 --out 旁写入 .json</translation>
    </message>
    <message>
        <source>no progress line</source>
        <translation>不显示进度行</translation>
    </message>
    <message>
        <source>softmax of a logit vector as bars (CSV: index,logit,probability)</source>
        <translation>logit 向量的 softmax 柱状图（CSV：index,logit,probability）</translation>
    </message>
    <message>
        <source>comma-separated logits</source>
        <translation>用逗号分隔的 logits</translation>
    </message>
    <message>
        <source>also softmax applied twice</source>
        <translation>同时显示两次 softmax</translation>
    </message>
    <message>
        <source>temperature T₂ of the second softmax (default 1)</source>
        <translation>第二次 softmax 的温度 T₂（默认 1）</translation>
    </message>
    <message>
        <source>draw the Jacobian heat map instead</source>
        <translation>改为绘制雅可比矩阵热力图</translation>
    </message>
    <message>
        <source>SURFACE network: a run file of `actgui train --weights --save-run RUN` (or a RUN.json of `--weights --out`)</source>
        <translation>SURFACE 为 network 时：`actgui train --weights --save-run RUN` 写出的运行文件（或 `--weights --out` 写出的 RUN.json）</translation>
    </message>
    <message>
        <source>SURFACE network: which run of the file (0 = the first)</source>
        <translation>SURFACE 为 network 时：使用文件中的第几次训练（0 为第一次）</translation>
    </message>
    <message>
        <source>SURFACE network: filter-normalised random directions or the trajectory&apos;s first two PCA directions</source>
        <translation>SURFACE 为 network 时：滤波器归一化的随机方向，或训练轨迹的前两个 PCA 方向</translation>
    </message>
    <message>
        <source>SURFACE network: grid points a side (default 41)</source>
        <translation>SURFACE 为 network 时：每边网格点数（默认 41）</translation>
    </message>
    <message>
        <source>SURFACE network: the plane covers ±SPAN along each direction (default 1, or the trajectory for PCA)</source>
        <translation>SURFACE 为 network 时：平面沿每个方向覆盖 ±SPAN（默认 1；PCA 时覆盖整条轨迹）</translation>
    </message>
    <message>
        <source>SURFACE network: seed of the random directions</source>
        <translation>SURFACE 为 network 时：随机方向的种子</translation>
    </message>
    <message>
        <source>one SGD step of a small MLP, every number from autograd (.json), or drawn</source>
        <translation>小型 MLP 的一步 SGD，每个数都来自自动求导（.json），或绘制成图</translation>
    </message>
    <message>
        <source>hidden layer sizes, e.g. 4,4 (at most 6 layers of 8 units)</source>
        <translation>隐藏层大小，如 4,4（最多 6 层，每层 8 个神经元）</translation>
    </message>
    <message>
        <source>the batch&apos;s first example in the training set</source>
        <translation>批次在训练集中的第一个样本</translation>
    </message>
    <message>
        <source>classes of the gaussians data set</source>
        <translation>高斯簇数据集的类别数</translation>
    </message>
    <message>
        <source>the loss, where the data allow more than one (default: the task&apos;s)</source>
        <translation>损失函数（数据允许多种时；默认按任务）</translation>
    </message>
    <message>
        <source>the phase a picture draws</source>
        <translation>图中绘制的阶段</translation>
    </message>
    <message>
        <source>UNIT,INPUT: the first-layer weight whose paths a picture lists</source>
        <translation>神经元,输入：图中列出其路径的第一层权重</translation>
    </message>
    <message>
        <source>see `actgui list datasets`</source>
        <translation>见 `actgui list datasets`</translation>
    </message>
    <message>
        <source>default: the data set&apos;s</source>
        <translation>默认：数据集自己的</translation>
    </message>
    <message>
        <source>blobs of the gaussians data set</source>
        <translation>高斯簇数据集的簇数</translation>
    </message>
    <message>
        <source>validation share</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>input features of 2-D data, e.g. x1_squared,x2_squared (from: {features})</source>
        <translation>二维数据的输入特征，例如 x1_squared,x2_squared（可选：{features}）</translation>
    </message>
    <message>
        <source>train on your own points (a CSV file: columns x1, x2[, ...], label or target, header optional) or on the MNIST-format IDX files in DIR (MNIST, KMNIST, EMNIST …, gz or not)</source>
        <translation>用你自己的点训练（CSV 文件：列 x1, x2[, ...]，标签或目标值，表头可选），或用 DIR 中 MNIST 格式的 IDX 文件（MNIST、KMNIST、EMNIST …，可为 gz 压缩）</translation>
    </message>
    <message>
        <source>see `actgui list models`</source>
        <translation>见 `actgui list models`</translation>
    </message>
    <message>
        <source>hidden layer sizes, e.g. 64,64</source>
        <translation>隐藏层大小，例如 64,64</translation>
    </message>
    <message>
        <source>activation parameter</source>
        <translation>激活函数参数</translation>
    </message>
    <message>
        <source>see `actgui list inits`; &apos;recommended&apos; follows the notes&apos; rule per activation</source>
        <translation>见 `actgui list inits`；&apos;recommended&apos; 按讲义规则随激活函数选择</translation>
    </message>
    <message>
        <source>init scheme parameter</source>
        <translation>初始化方法参数</translation>
    </message>
    <message>
        <source>binary tasks: 1 sigmoid unit + BCE, or 2 softmax units + cross-entropy</source>
        <translation>二分类：1 个 sigmoid 单元 + BCE，或 2 个 softmax 单元 + 交叉熵</translation>
    </message>
    <message>
        <source>see `actgui list optimizers`</source>
        <translation>见 `actgui list optimizers`</translation>
    </message>
    <message>
        <source>gradient clipping max norm (0 = off)</source>
        <translation>梯度裁剪最大范数（0 为关闭）</translation>
    </message>
    <message>
        <source>train this many epochs (0: --steps decides)</source>
        <translation>训练这么多轮（0：由 --steps 决定）</translation>
    </message>
    <message>
        <source>image data sets: the training subset&apos;s size</source>
        <translation>图像数据集：训练子集大小</translation>
    </message>
    <message>
        <source>CNN: the two convolutions&apos; channels (default: the notes&apos; for the image size)</source>
        <translation>CNN：两个卷积层的通道数（默认：讲义中对应图像尺寸的值）</translation>
    </message>
    <message>
        <source>CNN: dense units (0: the default)</source>
        <translation>CNN：全连接层单元数（0：默认值）</translation>
    </message>
    <message>
        <source>clip every gradient entry to ± this value (0 = off; the notes use 0.5)</source>
        <translation>把每个梯度元素裁剪到 ± 此值（0 为关闭；讲义用 0.5）</translation>
    </message>
    <message>
        <source>bfloat16 autocast (cuda only; elsewhere float32 with a note)</source>
        <translation>bfloat16 自动混合精度（仅 cuda；其他设备用 float32 并给出提示）</translation>
    </message>
</context>
<context>
    <name>CodeDock</name>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>this panel has no code view</source>
        <translation>此面板没有代码视图</translation>
    </message>
    <message>
        <source>No code for these settings: {reason}</source>
        <translation>这些设置无法生成代码：{reason}</translation>
    </message>
    <message>
        <source>Save the code</source>
        <translation>保存代码</translation>
    </message>
    <message>
        <source>Python script (*.py);;Jupyter notebook (*.ipynb)</source>
        <translation>Python 脚本 (*.py);;Jupyter 笔记本 (*.ipynb)</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixFigure</name>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>accuracy {accuracy:.1%}</source>
        <translation>准确率 {accuracy:.1%}</translation>
    </message>
    <message>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>share of the true class</source>
        <translation>占该真实类别的比例</translation>
    </message>
</context>
<context>
    <name>DepthFigure</name>
    <message>
        <source>Activations and gradients through the layers</source>
        <extracomment>Per case: the curves of act std, ∂L/∂W std, ∂L/∂h std and act mean.</extracomment>
        <translation>各层的激活值与梯度</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>{activation} + {init}</source>
        <extracomment>Colours of the cases compared on one depth plot (a single case uses its activation&apos;s colour). (field of DepthResult, line style, symbol) of the three std curves per case. The least height, in font sizes, the two depth plots keep with the legend and note under them; with less the legend and note go beside the plots, in this share of the figure&apos;s width.</extracomment>
        <translation>{activation} + {init}</translation>
    </message>
    <message>
        <source>{count} cases compared</source>
        <translation>对比 {count} 个案例</translation>
    </message>
    <message>
        <source>activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>gradient ∂L/∂W_l</source>
        <translation>梯度 ∂L/∂W_l</translation>
    </message>
    <message>
        <source>signal ∂L/∂h_l</source>
        <translation>信号 ∂L/∂h_l</translation>
    </message>
    <message>
        <source>layer ({width} units each, batch {batch})</source>
        <translation>层（每层 {width} 个单元，批大小 {batch}）</translation>
    </message>
    <message>
        <source>standard deviation (log scale)</source>
        <translation>标准差（对数坐标）</translation>
    </message>
    <message>
        <source>activation mean</source>
        <translation>激活均值</translation>
    </message>
    <message>
        <source>std of the layer&apos;s activations</source>
        <translation>该层激活值的标准差</translation>
    </message>
    <message>
        <source>std of the gradient ∂L/∂W_l (L = mean of output²)</source>
        <translation>梯度 ∂L/∂W_l 的标准差（L = 输出平方的均值）</translation>
    </message>
    <message>
        <source>std of the back-propagated signal ∂L/∂h_l</source>
        <translation>反向传播信号 ∂L/∂h_l 的标准差</translation>
    </message>
    <message>
        <source>{case}: activation std {first} → {last}</source>
        <translation>{case}：激活值标准差 {first} → {last}</translation>
    </message>
    <message>
        <source>Activations overflow (inf/NaN) from layer {layer}:&lt;br&gt;the weights are far too large, the signal explodes.</source>
        <translation>从第 {layer} 层起激活值溢出（inf/NaN）：&lt;br&gt;权重太大，信号爆炸。</translation>
    </message>
    <message>
        <source>Gradients overflow (inf/NaN) in the backward pass:&lt;br&gt;the weights are far too large, the gradient explodes.</source>
        <translation>反向传播中梯度溢出（inf/NaN）：&lt;br&gt;权重太大，梯度爆炸。</translation>
    </message>
    <message>
        <source>Every activation is 0 and so is every gradient:&lt;br&gt;nothing can be learnt.</source>
        <translation>所有激活值都是 0，所有梯度也是 0：&lt;br&gt;网络什么也学不到。</translation>
    </message>
    <message>
        <source>Constant weights: 1 distinct unit of {width} in every layer,&lt;br&gt;one gradient shared by all its weights (std 0, not drawn):&lt;br&gt;symmetry is never broken.</source>
        <translation>常数权重：每层 {width} 个单元中只有 1 个不同的单元，&lt;br&gt;该层所有权重共享同一个梯度（标准差为 0，不绘制）：&lt;br&gt;对称性无法打破。</translation>
    </message>
    <message>
        <source>Distinct units per layer: {count} of {width}</source>
        <translation>每层不同的单元数：{count} / {width}</translation>
    </message>
    <message>
        <source>Distinct units per layer: {low} to {high} of {width}</source>
        <translation>每层不同的单元数：{low} 到 {high} / {width}</translation>
    </message>
</context>
<context>
    <name>DepthHistogramFigure</name>
    <message>
        <source>Activation histogram per layer</source>
        <translation>各层激活值直方图</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>activation value</source>
        <translation>激活值</translation>
    </message>
</context>
<context>
    <name>DistributionFigure</name>
    <message>
        <source>H(P) = {h},  KL(P‖Q) = {kl},  H(P, Q) = {ce} = H(P) + KL(P‖Q)  (nats)</source>
        <translation>H(P) = {h}，KL(P‖Q) = {kl}，H(P, Q) = {ce} = H(P) + KL(P‖Q)（奈特）</translation>
    </message>
    <message>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>P (true)</source>
        <translation>P（真实）</translation>
    </message>
    <message>
        <source>Q (predicted)</source>
        <translation>Q（预测）</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG 图像</translation>
    </message>
    <message>
        <source>SVG (vector)</source>
        <translation>SVG（矢量图）</translation>
    </message>
    <message>
        <source>PDF (vector, for slides and LaTeX)</source>
        <translation>PDF（矢量，用于幻灯片和 LaTeX）</translation>
    </message>
    <message>
        <source>CSV (plotted data)</source>
        <translation>CSV（绘图数据）</translation>
    </message>
    <message>
        <source>Python script (the code behind the figure)</source>
        <translation>Python 脚本（图背后的代码）</translation>
    </message>
    <message>
        <source>Jupyter notebook (the code, step by step)</source>
        <translation>Jupyter 笔记本（逐步的代码）</translation>
    </message>
    <message>
        <source>Copy image to clipboard</source>
        <translation>复制图像到剪贴板</translation>
    </message>
    <message>
        <source>Whole panel as PNG</source>
        <translation>整个面板导出为 PNG</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Stamp the settings on the image and write them to a .json beside it</source>
        <translation>在图像上标注设置，并在旁边写入同名 .json 文件</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>图形</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Width (px)</source>
        <translation>宽度（像素）</translation>
    </message>
    <message>
        <source>Height (px)</source>
        <translation>高度（像素）</translation>
    </message>
    <message>
        <source>Scale (text and lines)</source>
        <translation>缩放（文字与线条）</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>this panel has no code view</source>
        <translation>此面板没有代码视图</translation>
    </message>
    <message>
        <source>the clipboard</source>
        <translation>剪贴板</translation>
    </message>
    <message>
        <source>Not exported: {reason}</source>
        <translation>未导出：{reason}</translation>
    </message>
    <message>
        <source>Exported to {target}</source>
        <translation>已导出到 {target}</translation>
    </message>
    <message>
        <source>Activation functions and derivatives</source>
        <extracomment>The formats that write the code of the panel&apos;s settings instead of a picture. What each figure shows, as the figure list names it (a training figure not listed is named by its registered title, any other by its key).</extracomment>
        <translation>激活函数及其导数</translation>
    </message>
    <message>
        <source>Logits and softmax probabilities</source>
        <translation>Logits 与 softmax 概率</translation>
    </message>
    <message>
        <source>Softmax Jacobian</source>
        <translation>Softmax 雅可比矩阵</translation>
    </message>
    <message>
        <source>Weight histogram against theory</source>
        <translation>权重直方图与理论分布</translation>
    </message>
    <message>
        <source>Weights of the demo layer</source>
        <translation>演示层的权重</translation>
    </message>
    <message>
        <source>Signal and gradient through depth</source>
        <translation>信号与梯度随深度的变化</translation>
    </message>
    <message>
        <source>Activation histograms per layer</source>
        <translation>每层激活值直方图</translation>
    </message>
    <message>
        <source>Regression losses</source>
        <translation>回归损失</translation>
    </message>
    <message>
        <source>Classification losses</source>
        <translation>分类损失</translation>
    </message>
    <message>
        <source>Losses on a sigmoid output</source>
        <translation>sigmoid 输出上的损失</translation>
    </message>
    <message>
        <source>Distributions and their losses</source>
        <translation>分布及其损失</translation>
    </message>
    <message>
        <source>Descent on the surface</source>
        <translation>曲面上的梯度下降</translation>
    </message>
    <message>
        <source>Loss landscape of the trained network</source>
        <translation>训练所得网络的损失地形</translation>
    </message>
    <message>
        <source>Loss curves</source>
        <translation>损失曲线</translation>
    </message>
    <message>
        <source>Accuracy curves</source>
        <translation>准确率曲线</translation>
    </message>
    <message>
        <source>Activation shoot-out</source>
        <translation>激活函数对比</translation>
    </message>
    <message>
        <source>Gradient norms per layer</source>
        <translation>每层梯度范数</translation>
    </message>
    <message>
        <source>Update-to-data ratio per layer</source>
        <translation>每层更新量与权重之比</translation>
    </message>
    <message>
        <source>Dead and saturated units</source>
        <translation>死亡与饱和单元</translation>
    </message>
    <message>
        <source>Decision boundary or fitted function</source>
        <translation>决策边界或拟合函数</translation>
    </message>
    <message>
        <source>Activation histograms</source>
        <translation>激活值直方图</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Validation images</source>
        <translation>验证图像</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>First-layer filters</source>
        <translation>第一层卷积核</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>FeatureMapFigure</name>
    <message>
        <source>Input image</source>
        <translation>输入图像</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>{layer}: {count} channels</source>
        <translation>{layer}：{count} 个通道</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活值</translation>
    </message>
</context>
<context>
    <name>FilterFigure</name>
    <message>
        <source>First-layer filters</source>
        <translation>第一层卷积核</translation>
    </message>
    <message>
        <source>{count} kernels of {size}</source>
        <translation>{count} 个 {size} 卷积核</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
</context>
<context>
    <name>Formula</name>
    <message>
        <source>f(x) = 1 if x ≥ 0 else 0</source>
        <translation>f(x) = 1（x ≥ 0 时），否则为 0</translation>
    </message>
    <message>
        <source>f′(x) = 0 (undefined at 0)</source>
        <translation>f′(x) = 0（在 0 处不可导）</translation>
    </message>
    <message>
        <source>f(x) = x</source>
        <translation>f(x) = x</translation>
    </message>
    <message>
        <source>f′(x) = 1</source>
        <translation>f′(x) = 1</translation>
    </message>
    <message>
        <source>σ(x) = 1 / (1 + e^(−x))</source>
        <translation>σ(x) = 1 / (1 + e^(−x))</translation>
    </message>
    <message>
        <source>σ′(x) = σ(x)(1 − σ(x)), max 0.25 at 0</source>
        <translation>σ′(x) = σ(x)(1 − σ(x))，在 x = 0 处取最大值 0.25</translation>
    </message>
    <message>
        <source>tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)) = 2σ(2x) − 1</source>
        <translation>tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)) = 2σ(2x) − 1</translation>
    </message>
    <message>
        <source>tanh′(x) = 1 − tanh²(x), max 1 at 0</source>
        <translation>tanh′(x) = 1 − tanh²(x)，在 0 处取最大值 1</translation>
    </message>
    <message>
        <source>f(x) = max(0, x)</source>
        <translation>f(x) = max(0, x)</translation>
    </message>
    <message>
        <source>f′(x) = 1 if x &gt; 0 else 0</source>
        <translation>f′(x) = 1（x &gt; 0 时），否则为 0</translation>
    </message>
    <message>
        <source>f(x) = x if x &gt; 0 else αx</source>
        <translation>f(x) = x（x &gt; 0 时），否则为 αx</translation>
    </message>
    <message>
        <source>f′(x) = 1 if x &gt; 0 else α</source>
        <translation>f′(x) = 1（x &gt; 0 时），否则为 α</translation>
    </message>
    <message>
        <source>f(x) = x if x &gt; 0 else αx, α learned</source>
        <translation>f(x) = x（x &gt; 0 时），否则为 αx，α 可学习</translation>
    </message>
    <message>
        <source>f(x) = x if x &gt; 0 else α(e^x − 1)</source>
        <translation>f(x) = x（x &gt; 0 时），否则为 α(e^x − 1)</translation>
    </message>
    <message>
        <source>f′(x) = 1 if x &gt; 0 else αe^x</source>
        <translation>f′(x) = 1（x &gt; 0 时），否则为 αe^x</translation>
    </message>
    <message>
        <source>f(x) = λx if x &gt; 0 else λα(e^x − 1), λ≈1.0507, α≈1.6733</source>
        <translation>f(x) = λx（x &gt; 0 时），否则为 λα(e^x − 1)，λ≈1.0507，α≈1.6733</translation>
    </message>
    <message>
        <source>f′(x) = λ if x &gt; 0 else λαe^x</source>
        <translation>f′(x) = λ（x &gt; 0 时），否则为 λαe^x</translation>
    </message>
    <message>
        <source>f(x) = max(0, x) + min(0, α(e^(x/α) − 1))</source>
        <translation>f(x) = max(0, x) + min(0, α(e^(x/α) − 1))</translation>
    </message>
    <message>
        <source>f′(x) = 1 if x &gt; 0 else e^(x/α)</source>
        <translation>f′(x) = 1（x &gt; 0 时），否则为 e^(x/α)</translation>
    </message>
    <message>
        <source>f(x) = x·Φ(x), Φ the standard normal CDF</source>
        <translation>f(x) = x·Φ(x)，Φ 为标准正态分布的累积分布函数</translation>
    </message>
    <message>
        <source>f′(x) = Φ(x) + x·φ(x)</source>
        <translation>f′(x) = Φ(x) + x·φ(x)</translation>
    </message>
    <message>
        <source>f(x) = 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))</source>
        <translation>f(x) = 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))</translation>
    </message>
    <message>
        <source>f′(x) = 0.5(1 + t) + 0.5x(1 − t²)√(2/π)(1 + 0.134145x²), t = tanh(…)</source>
        <translation>f′(x) = 0.5(1 + t) + 0.5x(1 − t²)√(2/π)(1 + 0.134145x²), t = tanh(…)</translation>
    </message>
    <message>
        <source>f(x) = x·σ(x)</source>
        <translation>f(x) = x·σ(x)</translation>
    </message>
    <message>
        <source>f′(x) = σ(x)(1 + x(1 − σ(x)))</source>
        <translation>f′(x) = σ(x)(1 + x(1 − σ(x)))</translation>
    </message>
    <message>
        <source>f(x) = x·σ(βx)</source>
        <translation>f(x) = x·σ(βx)</translation>
    </message>
    <message>
        <source>f′(x) = σ(βx) + βx·σ(βx)(1 − σ(βx))</source>
        <translation>f′(x) = σ(βx) + βx·σ(βx)(1 − σ(βx))</translation>
    </message>
    <message>
        <source>f(x) = x·tanh(softplus(x))</source>
        <translation>f(x) = x·tanh(softplus(x))</translation>
    </message>
    <message>
        <source>f′(x) = tanh(sp) + x·sech²(sp)·σ(x), sp = softplus(x)</source>
        <translation>f′(x) = tanh(sp) + x·sech²(sp)·σ(x)，其中 sp = softplus(x)</translation>
    </message>
    <message>
        <source>f(x) = (1/β)·ln(1 + e^(βx))</source>
        <translation>f(x) = (1/β)·ln(1 + e^(βx))</translation>
    </message>
    <message>
        <source>f′(x) = σ(βx)</source>
        <translation>f′(x) = σ(βx)</translation>
    </message>
    <message>
        <source>f(x) = x / (1 + |x|)</source>
        <translation>f(x) = x / (1 + |x|)</translation>
    </message>
    <message>
        <source>f′(x) = 1 / (1 + |x|)²</source>
        <translation>f′(x) = 1 / (1 + |x|)²</translation>
    </message>
    <message>
        <source>f(x) = clamp(x, min, max)</source>
        <translation>f(x) = clamp(x, min, max)</translation>
    </message>
    <message>
        <source>f′(x) = 1 if min &lt; x &lt; max else 0</source>
        <translation>f′(x) = 1（min &lt; x &lt; max 时），否则为 0</translation>
    </message>
    <message>
        <source>f(x) = ReLU6(x + 3) / 6</source>
        <translation>f(x) = ReLU6(x + 3) / 6</translation>
    </message>
    <message>
        <source>f′(x) = 1/6 if −3 &lt; x &lt; 3 else 0</source>
        <translation>f′(x) = 1/6（−3 &lt; x &lt; 3 时），否则为 0</translation>
    </message>
    <message>
        <source>f(x) = x·ReLU6(x + 3) / 6</source>
        <translation>f(x) = x·ReLU6(x + 3) / 6</translation>
    </message>
    <message>
        <source>f′(x) = 0 if x &lt; −3, 1 if x &gt; 3, else (2x + 3)/6</source>
        <translation>f′(x) = 0（x &lt; −3），1（x &gt; 3），否则为 (2x + 3)/6</translation>
    </message>
    <message>
        <source>f(x) = min(max(0, x), 6)</source>
        <translation>f(x) = min(max(0, x), 6)</translation>
    </message>
    <message>
        <source>f′(x) = 1 if 0 &lt; x &lt; 6 else 0</source>
        <translation>f′(x) = 1（0 &lt; x &lt; 6 时），否则为 0</translation>
    </message>
    <message>
        <source>f(x) = ln σ(x) = −ln(1 + e^(−x))</source>
        <translation>f(x) = ln σ(x) = −ln(1 + e^(−x))</translation>
    </message>
    <message>
        <source>f′(x) = 1 − σ(x) = σ(−x)</source>
        <translation>f′(x) = 1 − σ(x) = σ(−x)</translation>
    </message>
    <message>
        <source>f′(x) by autograd</source>
        <translation>f′(x) 由自动求导得到</translation>
    </message>
    <message>
        <source>θ ← θ − η·∇f</source>
        <extracomment>How the run ended: all steps taken, stopped because it blew up, or left the box downhill. The bounding box is the view window grown this many times about its centre.</extracomment>
        <translation>θ ← θ − η·∇f</translation>
    </message>
    <message>
        <source>v ← μ·v + ∇f;  θ ← θ − η·v</source>
        <translation>v ← μ·v + ∇f;  θ ← θ − η·v</translation>
    </message>
    <message>
        <source>v ← μ·v + ∇f;  θ ← θ − η·(∇f + μ·v)</source>
        <translation>v ← μ·v + ∇f;  θ ← θ − η·(∇f + μ·v)</translation>
    </message>
    <message>
        <source>s ← α·s + (1 − α)·∇f²;  θ ← θ − η·∇f / (√s + ε),  α = 0.99</source>
        <translation>s ← α·s + (1 − α)·∇f²;  θ ← θ − η·∇f / (√s + ε),  α = 0.99</translation>
    </message>
    <message>
        <source>W ~ U(a, b), Var = (b − a)² / 12</source>
        <extracomment>Largest fan_in / fan_out the app samples (a 4096 × 4096 weight is 16.8 million values). torch accepts any number for Kaiming&apos;s `a` (gain √(2 / (1 + a²)), negative slopes included); the app caps |a| at 100, where the gain is 0.014.</extracomment>
        <translation>W ~ U(a, b), Var = (b − a)² / 12</translation>
    </message>
    <message>
        <source>W ~ N(μ, σ²)</source>
        <translation>W ~ N(μ, σ²)</translation>
    </message>
    <message>
        <source>W = 0</source>
        <translation>W = 0</translation>
    </message>
    <message>
        <source>W = 1</source>
        <translation>W = 1</translation>
    </message>
    <message>
        <source>W = val</source>
        <translation>W = val（常数）</translation>
    </message>
    <message>
        <source>W ~ U(−b, b), b = gain·√(6 / (fan_in + fan_out)), Var = gain²·2 / (fan_in + fan_out)</source>
        <translation>W ~ U(−b, b)，b = gain·√(6 / (fan_in + fan_out))，Var = gain²·2 / (fan_in + fan_out)</translation>
    </message>
    <message>
        <source>W ~ N(0, σ²), σ = gain·√(2 / (fan_in + fan_out))</source>
        <translation>W ~ N(0, σ²), σ = gain·√(2 / (fan_in + fan_out))</translation>
    </message>
    <message>
        <source>W ~ U(−b, b), b = gain·√(3 / fan); ReLU: gain = √2, Var = 2 / fan</source>
        <translation>W ~ U(−b, b)，b = gain·√(3 / fan)；ReLU：gain = √2，Var = 2 / fan</translation>
    </message>
    <message>
        <source>W ~ N(0, σ²), σ = gain / √fan; ReLU: gain = √2, Var = 2 / fan</source>
        <translation>W ~ N(0, σ²)，σ = gain / √fan；ReLU：gain = √2，Var = 2 / fan</translation>
    </message>
    <message>
        <source>W ~ N(0, 1 / fan_in)</source>
        <translation>W ~ N(0, 1 / fan_in)</translation>
    </message>
    <message>
        <source>W = gain·Q, QQᵀ = I or QᵀQ = I (QR); Var = gain² / max(fan_in, fan_out)</source>
        <translation>W = gain·Q，QQᵀ = I 或 QᵀQ = I（QR 分解）；Var = gain² / max(fan_in, fan_out)</translation>
    </message>
    <message>
        <source>W ~ N(μ, σ²), a ≤ W ≤ b</source>
        <translation>W ~ N(μ, σ²), a ≤ W ≤ b</translation>
    </message>
    <message>
        <source>P(W = 0) = ⌈sparsity·fan_out⌉ / fan_out, else W ~ N(0, σ²)</source>
        <translation>P(W = 0) = ⌈sparsity·fan_out⌉ / fan_out，其余 W ~ N(0, σ²)</translation>
    </message>
    <message>
        <source>W ~ U(−1/√fan_in, 1/√fan_in), b = 0 (Glorot &amp; Bengio&apos;s standard init)</source>
        <translation>W ~ U(−1/√fan_in, 1/√fan_in)，b = 0（Glorot 与 Bengio 的标准初始化）</translation>
    </message>
    <message>
        <source>W, b ~ U(−1/√fan_in, 1/√fan_in) (kaiming_uniform_, a = √5)</source>
        <translation>W, b ~ U(−1/√fan_in, 1/√fan_in)（kaiming_uniform_，a = √5）</translation>
    </message>
    <message>
        <source>L = |ŷ − y|</source>
        <extracomment>Regression losses scoring a sigmoid output ŷ = p = σ(z) against a class target t, on the same probability or logit axis as the classification losses (MSE vs BCE). What a loss&apos;s prediction is: a real value, a probability in (0, 1) or a logit (score) in ℝ. Probabilities are kept this far from 0 and 1 on plotted grids (log 0 is −∞). Predictions (in the loss&apos;s own input) where the gradient jumps or switches formula.</extracomment>
        <translation>L = |ŷ − y|</translation>
    </message>
    <message>
        <source>∂L/∂ŷ = sign(ŷ − y): always ±1</source>
        <translation>∂L/∂ŷ = sign(ŷ − y)：始终为 ±1</translation>
    </message>
    <message>
        <source>L = (ŷ − y)²</source>
        <translation>L = (ŷ − y)²</translation>
    </message>
    <message>
        <source>∂L/∂ŷ = 2(ŷ − y): grows with the error</source>
        <translation>∂L/∂ŷ = 2(ŷ − y)：随误差增大</translation>
    </message>
    <message>
        <source>L = ½(ŷ − y)² if |ŷ − y| ≤ δ else δ(|ŷ − y| − ½δ)</source>
        <translation>L = ½(ŷ − y)²（|ŷ − y| ≤ δ 时），否则为 δ(|ŷ − y| − ½δ)</translation>
    </message>
    <message>
        <source>∂L/∂ŷ = clamp(ŷ − y, −δ, δ): MSE inside δ, MAE outside</source>
        <translation>∂L/∂ŷ = clamp(ŷ − y, −δ, δ)：δ 以内同 MSE，δ 以外同 MAE</translation>
    </message>
    <message>
        <source>L = ½(ŷ − y)²/β if |ŷ − y| &lt; β else |ŷ − y| − ½β  (Huber / β)</source>
        <translation>L = ½(ŷ − y)²/β（|ŷ − y| &lt; β 时），否则为 |ŷ − y| − ½β（即 Huber / β）</translation>
    </message>
    <message>
        <source>∂L/∂ŷ = clamp((ŷ − y)/β, −1, 1)</source>
        <translation>∂L/∂ŷ = clamp((ŷ − y)/β, −1, 1)</translation>
    </message>
    <message>
        <source>L = −[t log p + (1 − t) log(1 − p)]</source>
        <translation>L = −[t log p + (1 − t) log(1 − p)]</translation>
    </message>
    <message>
        <source>∂L/∂p = (p − t) / (p(1 − p)): huge for a confident mistake</source>
        <translation>∂L/∂p = (p − t) / (p(1 − p))：自信地犯错时梯度极大</translation>
    </message>
    <message>
        <source>L = −[t log σ(z) + (1 − t) log(1 − σ(z))] = log(1 + e^z) − t·z</source>
        <translation>L = −[t log σ(z) + (1 − t) log(1 − σ(z))] = log(1 + e^z) − t·z</translation>
    </message>
    <message>
        <source>∂L/∂z = σ(z) − t: bounded by 1</source>
        <translation>∂L/∂z = σ(z) − t：绝对值不超过 1</translation>
    </message>
    <message>
        <source>H(P, Q) = −Σ P log Q  (two classes: P = (1 − t, t), Q = (1 − p, p))</source>
        <translation>H(P, Q) = −Σ P log Q（两个类别：P = (1 − t, t)，Q = (1 − p, p)）</translation>
    </message>
    <message>
        <source>∂L/∂p = (p − t) / (p(1 − p))</source>
        <translation>∂L/∂p = (p − t) / (p(1 − p))</translation>
    </message>
    <message>
        <source>KL(P‖Q) = Σ P log(P/Q) = H(P, Q) − H(P): 0 when p = t</source>
        <translation>KL(P‖Q) = Σ P log(P/Q) = H(P, Q) − H(P)：p = t 时为 0</translation>
    </message>
    <message>
        <source>∂L/∂p = (p − t) / (p(1 − p)): the same as cross-entropy</source>
        <translation>∂L/∂p = (p − t) / (p(1 − p))：与交叉熵相同</translation>
    </message>
    <message>
        <source>L = max(0, 1 − y·s), label y = +1 (t = 1) or −1 (t = 0); soft t mixes both</source>
        <translation>L = max(0, 1 − y·s)，标签 y = +1（t = 1）或 −1（t = 0）；软标签 t 为两者的混合</translation>
    </message>
    <message>
        <source>∂L/∂s = −1 below the margin s &lt; 1 (y = +1), then 0</source>
        <translation>∂L/∂s = −1（间隔内 s &lt; 1，y = +1），之后为 0</translation>
    </message>
    <message>
        <source>f = ½(x² + κ·y²): one minimum; κ is the condition number</source>
        <translation>f = ½(x² + κ·y²)：唯一极小值；κ 为条件数</translation>
    </message>
    <message>
        <source>f = x² − y²: a saddle point at (0, 0), no minimum</source>
        <translation>f = x² − y²：(0, 0) 处为鞍点，没有极小值</translation>
    </message>
    <message>
        <source>f = x³ − 3xy²: a flat saddle with three valleys, no minimum</source>
        <translation>f = x³ − 3xy²：有三个山谷的平坦鞍点（猴鞍），没有极小值</translation>
    </message>
    <message>
        <source>f = (a − x)² + b(y − x²)²: a long curved valley, minimum at (a, a²)</source>
        <translation>f = (a − x)² + b(y − x²)²：狭长弯曲的山谷，极小值在 (a, a²)</translation>
    </message>
    <message>
        <source>f = (x² + y − 11)² + (x + y² − 7)²: four minima with f = 0</source>
        <extracomment>Himmelblau&apos;s four minima (f = 0); three are known only numerically.</extracomment>
        <translation>f = (x² + y − 11)² + (x + y² − 7)²：四个 f = 0 的极小值</translation>
    </message>
    <message>
        <source>f = 2A + x² − A·cos(2πx) + y² − A·cos(2πy): global minimum at (0, 0)</source>
        <translation>f = 2A + x² − A·cos(2πx) + y² − A·cos(2πy)：全局极小值在 (0, 0)</translation>
    </message>
    <message>
        <source>m ← β₁m + (1 − β₁)∇f;  s ← β₂s + (1 − β₂)∇f²;  θ ← θ − η · m/(1 − β₁ᵗ) / (√(s/(1 − β₂ᵗ)) + ε),  β = (0.9, 0.999)</source>
        <translation>m ← β₁m + (1 − β₁)∇f；  s ← β₂s + (1 − β₂)∇f²；  θ ← θ − η · m/(1 − β₁ᵗ) / (√(s/(1 − β₂ᵗ)) + ε)，  β = (0.9, 0.999)</translation>
    </message>
</context>
<context>
    <name>FunctionsFigure</name>
    <message>
        <source>Activation f(x) and its derivatives</source>
        <extracomment>The 2σ(2x) − 1 overlay: a grey readable on both themes, dotted over the tanh curve. The 2σ(2x) − 1 overlay (None until first shown) and the effective-range shading.</extracomment>
        <translation>激活函数 f(x) 及其导数</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Activation f(x)</source>
        <translation>激活函数 f(x)</translation>
    </message>
    <message>
        <source>Derivatives by autograd</source>
        <translation>自动求导得到的导数</translation>
    </message>
    <message>
        <source>f′(x), f″(x)</source>
        <translation>f′(x)，f″(x)</translation>
    </message>
    <message>
        <source>2σ(2x) − 1 (= tanh x)</source>
        <translation>2σ(2x) − 1（= tanh x）</translation>
    </message>
    <message>
        <source>effective input range [{low}, {high}]</source>
        <translation>有效输入范围 [{low}, {high}]</translation>
    </message>
    <message>
        <source>{name}′</source>
        <translation>{name}的导数</translation>
    </message>
    <message>
        <source>{name}″</source>
        <translation>{name}的二阶导数</translation>
    </message>
</context>
<context>
    <name>FunctionsPanel</name>
    <message>
        <source>Functions</source>
        <extracomment>What the cost column shows while the activation&apos;s cost is being measured.</extracomment>
        <translation>函数</translation>
    </message>
    <message>
        <source>Activations (tick to plot):</source>
        <translation>激活函数（勾选以绘制）：</translation>
    </message>
    <message>
        <source>Custom expression</source>
        <translation>自定义表达式</translation>
    </message>
    <message>
        <source>Custom f(x), e.g. x * tanh(softplus(x)):</source>
        <translation>自定义 f(x)，例如 x * tanh(softplus(x))：</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>布局</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>并排</translation>
    </message>
    <message>
        <source>Overlaid</source>
        <translation>叠加</translation>
    </message>
    <message>
        <source>Show f′ (autograd)</source>
        <translation>显示 f′（自动求导）</translation>
    </message>
    <message>
        <source>Show f″ (double backward)</source>
        <translation>显示 f″（二阶反向传播）</translation>
    </message>
    <message>
        <source>Show grid</source>
        <translation>显示网格</translation>
    </message>
    <message>
        <source>Overlay tanh(x) = 2σ(2x) − 1</source>
        <translation>叠加 tanh(x) = 2σ(2x) − 1</translation>
    </message>
    <message>
        <source>Shade the effective input range (|f′| ≥ 0.01)</source>
        <translation>标出有效输入范围（|f′| ≥ 0.01）</translation>
    </message>
    <message>
        <source>x from</source>
        <translation>x 起点</translation>
    </message>
    <message>
        <source>x to</source>
        <translation>x 终点</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>采样点数</translation>
    </message>
    <message>
        <source>Shape parameters</source>
        <translation>形状参数</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Output range</source>
        <translation>输出范围</translation>
    </message>
    <message>
        <source>max |f′| at x</source>
        <translation>最大 |f′| 及其位置 x</translation>
    </message>
    <message>
        <source>E[f(z)], z~N(0,1)</source>
        <translation>E[f(z)]，z~N(0,1)</translation>
    </message>
    <message>
        <source>Monotonic</source>
        <translation>单调</translation>
    </message>
    <message>
        <source>Saturates (|f′|&lt;0.01)</source>
        <translation>饱和区（|f′|&lt;0.01）</translation>
    </message>
    <message>
        <source>Zero-gradient share</source>
        <translation>零梯度占比</translation>
    </message>
    <message>
        <source>Cost (× ReLU, median)</source>
        <translation>耗时（相对 ReLU 的倍数，中位数）</translation>
    </message>
    <message>
        <source>“x from” must be smaller than “x to”.</source>
        <translation>“x 起点”必须小于“x 终点”。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>zero-centred</source>
        <translation>零中心</translation>
    </message>
    <message>
        <source>not zero-centred</source>
        <translation>非零中心</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>GradientFigure</name>
    <message>
        <source>Gradient norm ‖∂L/∂W‖</source>
        <translation>梯度范数 ‖∂L/∂W‖</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>gradient norm (log)</source>
        <translation>梯度范数（对数）</translation>
    </message>
</context>
<context>
    <name>HealthFigure</name>
    <message>
        <source>Dead units per layer</source>
        <translation>每层的死亡神经元</translation>
    </message>
    <message>
        <source>Saturated units per layer</source>
        <translation>每层的饱和神经元</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>hidden layer</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>fraction</source>
        <translation>比例</translation>
    </message>
</context>
<context>
    <name>HistogramFigure</name>
    <message>
        <source>pre-activation z</source>
        <extracomment>A row of plots keeps at least this many font sizes of height; a short view (lecture mode on a projector&apos;s 720 lines) puts the layers side by side instead.</extracomment>
        <translation>激活前值 z</translation>
    </message>
    <message>
        <source>density</source>
        <translation>密度</translation>
    </message>
</context>
<context>
    <name>ImageGridFigure</name>
    <message>
        <source>Validation images: predicted (true)</source>
        <extracomment>Each compared activation&apos;s marker in the shoot-out: a second cue beside its colour (and in its legend). Pixels of gap between tiles of a mosaic, as a fraction of the tile side (at least one pixel). Class names longer than this go on two lines in the image grid and become numbers on the confusion matrix&apos;s x axis (the rows keep the names). Cells of a confusion matrix get their count written up to this many classes.</extracomment>
        <translation>验证集图像：预测（真实）</translation>
    </message>
    <message>
        <source>{wrong} of {count} wrong</source>
        <translation>{count} 张中错 {wrong} 张</translation>
    </message>
</context>
<context>
    <name>InitHistogramFigure</name>
    <message>
        <source>Sampled weights vs theory, W: {fan_out} × {fan_in} (fan_out × fan_in)</source>
        <translation>采样权重与理论分布，W：{fan_out} × {fan_in}（fan_out × fan_in）</translation>
    </message>
    <message>
        <source>Sampled weights vs theory</source>
        <translation>采样权重与理论分布</translation>
    </message>
    <message>
        <source>weight value w</source>
        <translation>权重值 w</translation>
    </message>
    <message>
        <source>density</source>
        <translation>概率密度</translation>
    </message>
    <message>
        <source>{name}: sampled</source>
        <translation>{name}：采样</translation>
    </message>
    <message>
        <source>{name}: theoretical density</source>
        <translation>{name}：理论密度</translation>
    </message>
    <message>
        <source>{name}: theoretical point mass</source>
        <translation>{name}：理论点质量</translation>
    </message>
</context>
<context>
    <name>InitPanel</name>
    <message>
        <source>Initialisation</source>
        <extracomment>The least width (pixels) the histogram and the weights each keep side by side, and the histogram&apos;s least height, in lines of text, with the weights under it.</extracomment>
        <translation>参数初始化</translation>
    </message>
    <message>
        <source>Weight distribution</source>
        <translation>权重分布</translation>
    </message>
    <message>
        <source>Depth: signal and gradient</source>
        <translation>深度：信号与梯度</translation>
    </message>
    <message>
        <source>Initialisation scheme</source>
        <translation>初始化方法</translation>
    </message>
    <message>
        <source>Weight matrix W: fan_out × fan_in</source>
        <translation>权重矩阵 W：fan_out × fan_in</translation>
    </message>
    <message>
        <source>fan_in (inputs)</source>
        <translation>fan_in（输入数）</translation>
    </message>
    <message>
        <source>fan_out (outputs)</source>
        <translation>fan_out（输出数）</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Re-sample (next seed)</source>
        <translation>重新采样（下一个种子）</translation>
    </message>
    <message>
        <source>Compare with a second scheme</source>
        <translation>与另一种初始化方法比较</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Cases from the notes (one click):</source>
        <extracomment>The least widths (pixels) of the depth plots with their legend and of the histogram side by side, and the depth plots&apos; least height, in lines of text, with the histogram under them.</extracomment>
        <translation>笔记中的案例（一键切换）：</translation>
    </message>
    <message>
        <source>Compare cases on one plot (one click):</source>
        <translation>在一张图上对比多个案例（一键）：</translation>
    </message>
    <message>
        <source>One network (set below)</source>
        <translation>单个网络（在下方设置）</translation>
    </message>
    <message>
        <source>(custom)</source>
        <translation>（自定义）</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Weight initialisation (biases zero)</source>
        <translation>权重初始化（偏置为零）</translation>
    </message>
    <message>
        <source>Use the recommended initialisation</source>
        <translation>使用推荐的初始化</translation>
    </message>
    <message>
        <source>Sizes and batch</source>
        <translation>规模与批大小</translation>
    </message>
    <message>
        <source>Layers (depth)</source>
        <translation>层数（深度）</translation>
    </message>
    <message>
        <source>Units per layer (width)</source>
        <translation>每层单元数（宽度）</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Not drawn: {reason}</source>
        <translation>未绘制：{reason}</translation>
    </message>
    <message>
        <source>sampled</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>theory</source>
        <translation>理论</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>min</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>&lt;b&gt;Notes recommend:&lt;/b&gt; {scheme}{params}&lt;br&gt;{reason}</source>
        <translation>&lt;b&gt;笔记推荐：&lt;/b&gt;{scheme}{params}&lt;br&gt;{reason}</translation>
    </message>
    <message>
        <source>Not run: {reason}</source>
        <translation>未运行：{reason}</translation>
    </message>
    <message>
        <source>{case}: activation std {first} → {last}, ∂L/∂h std {grad_first} → {grad_last}</source>
        <translation>{case}：激活值标准差 {first} → {last}，∂L/∂h 标准差 {grad_first} → {grad_last}</translation>
    </message>
    <message>
        <source>Loss L = mean(output²) = {loss}</source>
        <translation>损失 L = mean(输出²) = {loss}</translation>
    </message>
    <message>
        <source>Activation std, first → last layer: {first} → {last}</source>
        <translation>激活值标准差，第一层 → 最后一层：{first} → {last}</translation>
    </message>
    <message>
        <source>Gradient std, first → last layer: {first} → {last}</source>
        <translation>梯度标准差，第一层 → 最后一层：{first} → {last}</translation>
    </message>
    <message>
        <source>The activations overflow from layer {layer}.</source>
        <translation>激活值从第 {layer} 层起溢出。</translation>
    </message>
    <message>
        <source>The gradients overflow in the backward pass.</source>
        <translation>反向传播中梯度溢出。</translation>
    </message>
    <message>
        <source>Constant weights: every unit of a layer is identical, symmetry is never broken.</source>
        <translation>常数权重：同一层的所有单元完全相同，对称性无法打破。</translation>
    </message>
    <message>
        <source>Demo layer nn.Linear: in_features</source>
        <translation>演示层 nn.Linear：输入特征数 in_features</translation>
    </message>
    <message>
        <source>Demo layer nn.Linear: out_features</source>
        <translation>演示层 nn.Linear：输出特征数 out_features</translation>
    </message>
</context>
<context>
    <name>JacobianFigure</name>
    <message>
        <source>Jacobian ∂p_i/∂z_j = (1/T)·p_i(δ_ij − p_j), 1/T = {inverse}</source>
        <translation>雅可比矩阵 ∂p_i/∂z_j = (1/T)·p_i(δ_ij − p_j)，1/T = {inverse}</translation>
    </message>
    <message>
        <source>j</source>
        <translation>j</translation>
    </message>
    <message>
        <source>i</source>
        <translation>i</translation>
    </message>
</context>
<context>
    <name>LandscapeFigure</name>
    <message>
        <source>diverged at step {step}</source>
        <extracomment>A run &quot;reached&quot; a known minimum when it ends this close to it, relative to the window&apos;s size.</extracomment>
        <translation>在第 {step} 步发散</translation>
    </message>
    <message>
        <source>left the map going downhill at step {step}</source>
        <translation>在第 {step} 步沿下坡离开了图像范围</translation>
    </message>
    <message>
        <source>reached the minimum ({x}, {y})</source>
        <translation>到达极小值 ({x}, {y})</translation>
    </message>
    <message>
        <source>loss {loss} after {steps} steps</source>
        <translation>{steps} 步后损失为 {loss}</translation>
    </message>
    <message>
        <source>Loss per step</source>
        <extracomment>A trajectory of a run: its optimiser and learning rate. Colours of the learning rates compared with a single optimiser (blue, vermilion, bluish green, purple). The line style and marker of the first, second … learning rate of a run, as a second cue besides colour. The latest run&apos;s path, head and loss curve of each trajectory, by trajectory_key.</extracomment>
        <translation>每步的损失</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>loss f(x, y)</source>
        <translation>损失 f(x, y)</translation>
    </message>
</context>
<context>
    <name>LandscapePanel</name>
    <message>
        <source>Landscape</source>
        <extracomment>The animation shows about this many frames, one every FRAME_MS milliseconds. The settings that change the drawn surface (the others only rerun the descent). The settings of the trained network&apos;s plane (they apply at the next Compute).</extracomment>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Choose a preset…</source>
        <translation>选择预设…</translation>
    </message>
    <message>
        <source>Surface f(x, y)</source>
        <translation>曲面 f(x, y)</translation>
    </message>
    <message>
        <source>The network from the Training panel</source>
        <translation>训练面板中的网络</translation>
    </message>
    <message>
        <source>Custom expression</source>
        <translation>自定义表达式</translation>
    </message>
    <message>
        <source>The trained network&apos;s loss landscape</source>
        <translation>训练所得网络的损失地形</translation>
    </message>
    <message>
        <source>Plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <source>Two filter-normalised random directions</source>
        <translation>两个滤波器归一化的随机方向</translation>
    </message>
    <message>
        <source>The trajectory&apos;s first two PCA directions</source>
        <translation>轨迹的前两个 PCA 方向</translation>
    </message>
    <message>
        <source>Grid points a side</source>
        <translation>每边网格点数</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>f(x, y), e.g. x**2 + 3*y**2</source>
        <translation>f(x, y)，例如 x**2 + 3*y**2</translation>
    </message>
    <message>
        <source>Show the descent direction −∇f</source>
        <translation>显示下降方向 −∇f</translation>
    </message>
    <message>
        <source>Optimizers (torch.optim)</source>
        <translation>优化器（torch.optim）</translation>
    </message>
    <message>
        <source>Learning rate η</source>
        <translation>学习率 η</translation>
    </message>
    <message>
        <source>Momentum μ</source>
        <translation>动量 μ</translation>
    </message>
    <message>
        <source>Used by Momentum and Nesterov; Adam keeps β = (0.9, 0.999).</source>
        <translation>用于 Momentum 和 Nesterov；Adam 保持 β = (0.9, 0.999)。</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Click the map to start there, or type x and y.</source>
        <translation>点击图像设置起点，或输入 x 和 y。</translation>
    </message>
    <message>
        <source>Keep earlier starts (drawn faded)</source>
        <translation>保留之前的起点（淡色显示）</translation>
    </message>
    <message>
        <source>Run (animated)</source>
        <translation>运行（动画）</translation>
    </message>
    <message>
        <source>Show all steps</source>
        <translation>显示全部步骤</translation>
    </message>
    <message>
        <source>From ({x}, {y}):</source>
        <translation>从 ({x}, {y}) 出发：</translation>
    </message>
    <message>
        <source>Not changed: {reason}</source>
        <translation>未修改：{reason}</translation>
    </message>
    <message>
        <source>Cannot draw this surface: {reason}</source>
        <translation>无法绘制该曲面：{reason}</translation>
    </message>
    <message>
        <source>Not computed: the training process is not running.</source>
        <translation>未计算：训练进程未在运行。</translation>
    </message>
    <message>
        <source>Computing the loss in the training process…</source>
        <translation>正在训练进程中计算损失…</translation>
    </message>
    <message>
        <source>Loss at the trained weights {loss}; {points} points in {seconds} s.</source>
        <translation>训练所得权重处的损失 {loss}；{points} 个点，用时 {seconds} 秒。</translation>
    </message>
    <message>
        <source>Not computed: {reason}</source>
        <translation>未计算：{reason}</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>No network has been trained yet: train one in the Training panel (Start), then its loss landscape can be shown here.</source>
        <translation>尚未训练任何网络：请先在训练面板中训练一个（开始），之后即可在此显示它的损失地形。</translation>
    </message>
    <message>
        <source>The loss of {network} on its training data, on a plane through its trained weights; right: from its initial to its trained weights.</source>
        <translation>{network} 在其训练数据上的损失，位于经过其训练所得权重的平面上；右图：从初始权重到训练所得权重。</translation>
    </message>
    <message>
        <source>Go to the Training panel</source>
        <translation>前往训练面板</translation>
    </message>
    <message>
        <source>Press Compute to show the loss landscape of {network}.</source>
        <translation>按“计算”以显示 {network} 的损失地形。</translation>
    </message>
    <message>
        <source>no loss landscape of a trained network has been computed yet: choose the surface &quot;The network from the Training panel&quot; first</source>
        <translation>尚未计算任何训练所得网络的损失地形：请先选择曲面“训练面板中的网络”</translation>
    </message>
    <message>
        <source>Compare learning rates (each optimizer at each):</source>
        <translation>比较多个学习率（每个优化器各跑一次）：</translation>
    </message>
    <message>
        <source>Up to {count} learning rates, comma-separated</source>
        <translation>最多 {count} 个学习率，用逗号分隔</translation>
    </message>
    <message>
        <source>Learning rates not changed: {reason}</source>
        <translation>学习率未更改：{reason}</translation>
    </message>
</context>
<context>
    <name>LossCurvesFigure</name>
    <message>
        <source>prediction ŷ</source>
        <extracomment>On a probability axis the y range follows the curves inside this share of the window, so that the blow-up of −log p at the very ends of (0, 1) does not squash everything else.</extracomment>
        <translation>预测值 ŷ</translation>
    </message>
    <message>
        <source>∂L/∂ŷ (autograd)</source>
        <translation>∂L/∂ŷ（自动求导）</translation>
    </message>
    <message>
        <source>predicted probability p of the class</source>
        <translation>该类别的预测概率 p</translation>
    </message>
    <message>
        <source>∂L/∂p (autograd)</source>
        <translation>∂L/∂p（自动求导）</translation>
    </message>
    <message>
        <source>logit (score) z</source>
        <translation>logit（得分）z</translation>
    </message>
    <message>
        <source>∂L/∂z (autograd)</source>
        <translation>∂L/∂z（自动求导）</translation>
    </message>
    <message>
        <source>Loss against the prediction, target y = {target}</source>
        <translation>损失随预测值的变化，目标 y = {target}</translation>
    </message>
    <message>
        <source>Losses on a sigmoid output ŷ = p = σ(z), target t = {target}</source>
        <translation>sigmoid 输出 ŷ = p = σ(z) 上的损失，目标 t = {target}</translation>
    </message>
    <message>
        <source>Loss against the prediction, target t = {target} (1: the true class)</source>
        <translation>损失随预测值的变化，目标 t = {target}（1 表示真实类别）</translation>
    </message>
    <message>
        <source>loss L</source>
        <translation>损失 L</translation>
    </message>
    <message>
        <source>Gradient; at z = {z} (confidently wrong): {values}</source>
        <translation>梯度；在 z = {z}（自信地预测错误）处：{values}</translation>
    </message>
    <message>
        <source>Gradient of the loss</source>
        <translation>损失的梯度</translation>
    </message>
</context>
<context>
    <name>LossFigure</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>training (raw)</source>
        <translation>训练集（原始）</translation>
    </message>
    <message>
        <source>training (EMA)</source>
        <translation>训练集（EMA 平滑）</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
</context>
<context>
    <name>LossesPanel</name>
    <message>
        <source>Losses</source>
        <extracomment>The regression view keeps its prediction range while the target moves, so the valley visibly moves.</extracomment>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Regression losses (tick to overlay):</source>
        <translation>回归损失（勾选以叠加）：</translation>
    </message>
    <message>
        <source>Classification losses (tick to overlay):</source>
        <translation>分类损失（勾选以叠加）：</translation>
    </message>
    <message>
        <source>Loss parameters</source>
        <translation>损失参数</translation>
    </message>
    <message>
        <source>Horizontal axis</source>
        <translation>横轴</translation>
    </message>
    <message>
        <source>Probability p of the class</source>
        <translation>该类别的概率 p</translation>
    </message>
    <message>
        <source>Logit z (p = σ(z))</source>
        <translation>Logit z（p = σ(z)）</translation>
    </message>
    <message>
        <source>MSE vs BCE on a sigmoid output</source>
        <translation>sigmoid 输出上的 MSE 与 BCE 对比</translation>
    </message>
    <message>
        <source>Distributions P and Q</source>
        <translation>分布 P 与 Q</translation>
    </message>
    <message>
        <source>Comma-separated weights per class, normalised to sum to 1.</source>
        <translation>每个类别的权重，用逗号分隔，自动归一化为和为 1。</translation>
    </message>
    <message>
        <source>P (true)</source>
        <translation>P（真实）</translation>
    </message>
    <message>
        <source>Q (predicted)</source>
        <translation>Q（预测）</translation>
    </message>
    <message>
        <source>Not changed: {reason}</source>
        <translation>未修改：{reason}</translation>
    </message>
    <message>
        <source>Tick at least one loss.</source>
        <translation>请至少勾选一个损失函数。</translation>
    </message>
    <message>
        <source>H(P) + KL(P‖Q) = {h} + {kl} = {total} = H(P, Q)</source>
        <translation>H(P) + KL(P‖Q) = {h} + {kl} = {total} = H(P, Q)</translation>
    </message>
    <message>
        <source>Entropy H(P) = {h} nats&lt;br&gt;Cross-entropy H(P, Q) = {ce} nats&lt;br&gt;KL divergence KL(P‖Q) = {kl} nats</source>
        <translation>信息熵 H(P) = {h} 奈特&lt;br&gt;交叉熵 H(P, Q) = {ce} 奈特&lt;br&gt;KL 散度 KL(P‖Q) = {kl} 奈特</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open session…</source>
        <translation>打开会话(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save session…</source>
        <translation>保存会话(&amp;S)…</translation>
    </message>
    <message>
        <source>Recent sessions</source>
        <translation>最近的会话</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;animation…</source>
        <translation>导出动画(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Network loss landscape…</source>
        <translation>网络的损失曲面(&amp;N)…</translation>
    </message>
    <message>
        <source>Open &amp;run…</source>
        <translation>打开运行记录(&amp;R)…</translation>
    </message>
    <message>
        <source>Recent runs</source>
        <translation>最近的运行记录</translation>
    </message>
    <message>
        <source>Save r&amp;un…</source>
        <translation>保存运行记录(&amp;U)…</translation>
    </message>
    <message>
        <source>Open &amp;data set… (IDX folder)</source>
        <translation>打开数据集(&amp;D)…（IDX 文件夹）</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Light theme (projector)</source>
        <translation>浅色主题（投影仪）</translation>
    </message>
    <message>
        <source>Dark theme</source>
        <translation>深色主题</translation>
    </message>
    <message>
        <source>Lecture mode (full screen, large)</source>
        <translation>讲课模式（全屏、放大）</translation>
    </message>
    <message>
        <source>Code for this figure</source>
        <translation>此图的代码</translation>
    </message>
    <message>
        <source>Hide controls (plots only)</source>
        <translation>隐藏控制面板（只显示图）</translation>
    </message>
    <message>
        <source>Next activation</source>
        <translation>下一个激活函数</translation>
    </message>
    <message>
        <source>Previous activation</source>
        <translation>上一个激活函数</translation>
    </message>
    <message>
        <source>Show or hide the derivative</source>
        <translation>显示或隐藏导数</translation>
    </message>
    <message>
        <source>Start or stop training</source>
        <translation>开始或停止训练</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Guide for this panel</source>
        <translation>本面板指南</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>&amp;About ActGUI</source>
        <translation>关于 ActGUI(&amp;A)</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>指南</translation>
    </message>
    <message>
        <source>unknown panel &apos;{name}&apos;</source>
        <translation>未知面板“{name}”</translation>
    </message>
    <message>
        <source>view.{name} has the wrong type</source>
        <translation>view.{name} 的类型不对</translation>
    </message>
    <message>
        <source>unknown theme &apos;{name}&apos;</source>
        <translation>未知主题“{name}”</translation>
    </message>
    <message>
        <source>unknown language &apos;{name}&apos;</source>
        <translation>未知语言“{name}”</translation>
    </message>
    <message>
        <source>Session saved to {path}</source>
        <translation>会话已保存到 {path}</translation>
    </message>
    <message>
        <source>Session not loaded: {reason}</source>
        <translation>会话未加载：{reason}</translation>
    </message>
    <message>
        <source>Session loaded from {path}</source>
        <translation>已从 {path} 加载会话</translation>
    </message>
    <message>
        <source>Preset not loaded: {reason}</source>
        <translation>预设未加载：{reason}</translation>
    </message>
    <message>
        <source>Preset: {title}</source>
        <translation>预设：{title}</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>ActGUI sessions (*.json)</source>
        <translation>ActGUI 会话 (*.json)</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>{count} plugin(s) could not be loaded: see Help → About.</source>
        <extracomment>the panel&apos;s own `title()` text, translated in the panel class&apos;s context &quot;module:Class&quot; of the Panel &quot;module:Class&quot; of its PanelState &quot;module:function&quot; of the state computing the panel&apos;s first numbers, which the start-up helper computes (actgui.core.prefetch) when the panel is the visible one; the panel takes them with warmup.when_prefetched The tabs, in order. A new panel is one more entry here. Room left around the window for the window manager&apos;s frame and title bar (pixels, width and height). The share of the window&apos;s width the code view takes when it opens.</extracomment>
        <translation>{count} 个插件未能加载：见 帮助 → 关于 ActGUI。</translation>
    </message>
    <message>
        <source>Open run</source>
        <translation>打开运行记录</translation>
    </message>
    <message>
        <source>Save run</source>
        <translation>保存运行记录</translation>
    </message>
    <message>
        <source>no run has been recorded yet</source>
        <translation>还没有记录任何运行</translation>
    </message>
    <message>
        <source>{path} exists; give a new name (a run file is never written over)</source>
        <translation>{path} 已存在；请换一个新名字（运行记录文件从不被覆盖）</translation>
    </message>
    <message>
        <source>Run files (*.actrun *.run);;All files (*)</source>
        <extracomment>The message of the last run file that did not open or save (None: none yet).</extracomment>
        <translation>运行文件 (*.actrun *.run);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ActGUI {version}&lt;/h3&gt;&lt;p&gt;Activation functions, initialisation and training dynamics, made visible.&lt;/p&gt;&lt;p&gt;torch {torch}&lt;br&gt;Qt {qt} (PySide6 {pyside})&lt;br&gt;pyqtgraph {pg}&lt;br&gt;Python {python}&lt;br&gt;Compute device: {device}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ActGUI {version}&lt;/h3&gt;&lt;p&gt;让激活函数、参数初始化与训练过程一目了然。&lt;/p&gt;&lt;p&gt;torch {torch}&lt;br&gt;Qt {qt}（PySide6 {pyside}）&lt;br&gt;pyqtgraph {pg}&lt;br&gt;Python {python}&lt;br&gt;计算设备：{device}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Plugins are being tried…&lt;/p&gt;</source>
        <translation>&lt;p&gt;正在试用插件…&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Plugins: {names}&lt;/p&gt;</source>
        <translation>&lt;p&gt;插件：{names}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Plugins that failed to load:&lt;/p&gt;</source>
        <translation>&lt;p&gt;未能加载的插件：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About ActGUI</source>
        <translation>关于 ActGUI</translation>
    </message>
</context>
<context>
    <name>NetworkFigure</name>
    <message>
        <source>+{count} more</source>
        <extracomment>The view&apos;s margin around the nodes and their texts, and a title&apos;s or note&apos;s distance from its nodes (data units); the least gap between two texts (pixels). Links are drawn in this many widths (one curve each per sign), widest for the largest |weight|. Per column: the units shown and the top-left corner of each node.</extracomment>
        <translation>还有 {count} 个</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Hidden {index}</source>
        <translation>隐藏层 {index}</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Start a run to see its network</source>
        <translation>开始训练即可查看网络</translation>
    </message>
    <message>
        <source>mean activation {value}</source>
        <translation>平均激活 {value}</translation>
    </message>
    <message>
        <source>bias {value}</source>
        <translation>偏置 {value}</translation>
    </message>
    <message>
        <source>gradient norm {value}</source>
        <translation>梯度范数 {value}</translation>
    </message>
    <message>
        <source>dead share {value}</source>
        <translation>死亡比例 {value}</translation>
    </message>
    <message>
        <source>dead: zero on every validation sample</source>
        <translation>已死亡：在每个验证样本上输出均为零</translation>
    </message>
    <message>
        <source>weight {value}
from {source} to {target}</source>
        <translation>权重 {value}
从 {source} 到 {target}</translation>
    </message>
</context>
<context>
    <name>NetworkLandscapeDialog</name>
    <message>
        <source>Network loss landscape</source>
        <translation>网络的损失曲面</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Two filter-normalised random directions</source>
        <translation>两个滤波器归一化的随机方向</translation>
    </message>
    <message>
        <source>The trajectory&apos;s first two PCA directions</source>
        <translation>训练轨迹的前两个 PCA 方向</translation>
    </message>
    <message>
        <source>A run written by `actgui train --weights --out RUN.json`.</source>
        <translation>由 `actgui train --weights --out RUN.json` 写出的训练记录。</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Run file</source>
        <translation>训练记录文件</translation>
    </message>
    <message>
        <source>Plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <source>Grid points a side</source>
        <translation>每边网格点数</translation>
    </message>
    <message>
        <source>Open a run file</source>
        <translation>打开训练记录文件</translation>
    </message>
    <message>
        <source>Run files (*.json)</source>
        <translation>训练记录文件 (*.json)</translation>
    </message>
    <message>
        <source>Rebuilding the network and computing the loss…</source>
        <translation>正在重建网络并计算损失…</translation>
    </message>
    <message>
        <source>Loss at the trained weights {loss}; {points} points in {seconds} s.</source>
        <translation>训练后权重处的损失为 {loss}；{points} 个点，用时 {seconds} 秒。</translation>
    </message>
    <message>
        <source>Not computed: {reason}</source>
        <translation>未计算：{reason}</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>NetworkLandscapeFigure</name>
    <message>
        <source>log₁₀ loss on the plane of the first two PCA directions ({first:.0%}, {second:.0%} of the trajectory)</source>
        <translation>前两个 PCA 方向平面上的 log₁₀ 损失（占轨迹方差 {first:.0%}、{second:.0%}）</translation>
    </message>
    <message>
        <source>PCA 1</source>
        <translation>PCA 1</translation>
    </message>
    <message>
        <source>PCA 2</source>
        <translation>PCA 2</translation>
    </message>
    <message>
        <source>log₁₀ loss along two filter-normalised random directions</source>
        <translation>沿两个滤波器归一化随机方向的 log₁₀ 损失</translation>
    </message>
    <message>
        <source>Loss from initial (t = 0) to trained (t = 1) weights</source>
        <translation>从初始权重（t = 0）到训练后权重（t = 1）的损失</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <source>value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>runs</source>
        <translation>运行次数</translation>
    </message>
    <message>
        <source>seeds</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>final val. accuracy</source>
        <translation>最终验证准确率</translation>
    </message>
    <message>
        <source>final val. loss</source>
        <translation>最终验证损失</translation>
    </message>
    <message>
        <source>best val. accuracy</source>
        <translation>最佳验证准确率</translation>
    </message>
    <message>
        <source>best val. loss</source>
        <translation>最佳验证损失</translation>
    </message>
    <message>
        <source>steps to 90 %</source>
        <translation>达到 90 % 的步数</translation>
    </message>
    <message>
        <source>dead units</source>
        <translation>死亡单元占比</translation>
    </message>
    <message>
        <source>saturated units</source>
        <translation>饱和单元占比</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>min</source>
        <translation>最小</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
</context>
<context>
    <name>ShootoutFigure</name>
    <message>
        <source>epoch</source>
        <translation>轮次（epoch）</translation>
    </message>
    <message>
        <source>Validation accuracy per activation</source>
        <translation>各激活函数的验证集准确率</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Validation loss per activation</source>
        <translation>各激活函数的验证集损失</translation>
    </message>
    <message>
        <source>loss (cross-entropy)</source>
        <translation>损失（交叉熵）</translation>
    </message>
</context>
<context>
    <name>SoftmaxFigure</name>
    <message>
        <source>Logits z</source>
        <extracomment>Room above (and below) the bars for their values, as a share of the plotted range. With more bars than this the values are written upwards (side by side they would overlap).</extracomment>
        <translation>Logits z</translation>
    </message>
    <message>
        <source>index i</source>
        <translation>下标 i</translation>
    </message>
    <message>
        <source>z_i</source>
        <translation>z_i</translation>
    </message>
    <message>
        <source>Softmax probabilities (sum to 1)</source>
        <translation>Softmax 概率（和为 1）</translation>
    </message>
    <message>
        <source>p_i</source>
        <translation>p_i</translation>
    </message>
    <message>
        <source>softmax(z / T)</source>
        <translation>softmax(z / T)</translation>
    </message>
    <message>
        <source>softmax applied twice: softmax(p / T₂), T₂ = {t}</source>
        <translation>两次 softmax：softmax(p / T₂)，T₂ = {t}</translation>
    </message>
</context>
<context>
    <name>SoftmaxPanel</name>
    <message>
        <source>Softmax</source>
        <translation>Softmax</translation>
    </message>
    <message>
        <source>Logits z (comma-separated):</source>
        <translation>Logits z（逗号分隔）：</translation>
    </message>
    <message>
        <source>Also apply softmax twice</source>
        <translation>同时显示两次 softmax</translation>
    </message>
    <message>
        <source>The notes&apos; 10 logits</source>
        <translation>讲义中的 10 个 logits</translation>
    </message>
    <message>
        <source>Large logits (1000, 1001, 1002)</source>
        <translation>大 logits（1000, 1001, 1002）</translation>
    </message>
    <message>
        <source>Naive vs overflow-safe softmax</source>
        <translation>朴素 softmax 与防溢出 softmax</translation>
    </message>
    <message>
        <source>Naive: exp(z) / Σ exp(z) overflows for large z (inf / inf = nan). Safe: exp(z − max z) / Σ exp(z − max z) gives the same result and never overflows.</source>
        <translation>朴素形式：exp(z) / Σ exp(z) 在 z 很大时溢出（inf / inf = nan）。安全形式：exp(z − max z) / Σ exp(z − max z) 结果相同，且永不溢出。</translation>
    </message>
    <message>
        <source>logit z</source>
        <translation>logit z</translation>
    </message>
    <message>
        <source>naive</source>
        <translation>朴素</translation>
    </message>
    <message>
        <source>safe</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Not changed: {reason}</source>
        <translation>未修改：{reason}</translation>
    </message>
</context>
<context>
    <name>TrainingFigure</name>
    <message>
        <source>diverged at step {step}</source>
        <extracomment>What a run-curves figure plots for one kind of curve (None: hide that curve).</extracomment>
        <translation>第 {step} 步发散</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Training</source>
        <extracomment>Where the window writes every run as it trains (under the app&apos;s data folder). The one-click shoot-out: the notes&apos; CNN experiment (Adam, clip value 0.5, batch 128) on Fashion-MNIST, or on the digits where the data package is not installed. Settings whose change redraws the data set before a run. The presenter&apos;s keys (a clicker sends Page Down, Page Up and B): play/pause and one step. Widgets that keep these keys for themselves while they have the focus.</extracomment>
        <translation>训练</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Classes (blobs)</source>
        <translation>类别数（簇）</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Hidden layers (units)</source>
        <translation>隐藏层（神经元数）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Binary output</source>
        <translation>二分类输出</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Batch norm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Clip grad norm</source>
        <translation>梯度裁剪范数</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Record every k steps</source>
        <translation>每 k 步记录一次</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>训练图像数</translation>
    </message>
    <message>
        <source>IDX folder</source>
        <translation>IDX 文件夹</translation>
    </message>
    <message>
        <source>Conv 1 channels</source>
        <translation>卷积层 1 通道数</translation>
    </message>
    <message>
        <source>Conv 2 channels</source>
        <translation>卷积层 2 通道数</translation>
    </message>
    <message>
        <source>Dense units</source>
        <translation>全连接层单元数</translation>
    </message>
    <message>
        <source>Clip grad value</source>
        <translation>梯度裁剪值</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>bf16 autocast</source>
        <translation>bf16 自动混合精度</translation>
    </message>
    <message>
        <source>Input features</source>
        <translation>输入特征</translation>
    </message>
    <message>
        <source>Last column</source>
        <translation>最后一列</translation>
    </message>
    <message>
        <source>Shift+click class</source>
        <translation>Shift+单击的类别</translation>
    </message>
    <message>
        <source>Seeds per value</source>
        <translation>每个取值的种子数</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>对比实验</translation>
    </message>
    <message>
        <source>Plots and export</source>
        <translation>图与导出</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Run comparison</source>
        <translation>运行对比</translation>
    </message>
    <message>
        <source>CNN activation shoot-out (the notes&apos; experiment)</source>
        <translation>CNN 激活函数对比（讲义中的实验）</translation>
    </message>
    <message>
        <source>The notes&apos; CNN trained with sigmoid, relu, elu, leaky-relu (α = 0.2), selu and gelu (tanh form), Adam with clip value 0.5, batch 128, on Fashion-MNIST (the 8×8 digits where it is not installed); validation accuracy and loss per epoch in the Shoot-out tab</source>
        <translation>用 sigmoid、relu、elu、leaky-relu（α = 0.2）、selu 和 gelu（tanh 形式）分别训练讲义中的 CNN，Adam 优化器、梯度裁剪值 0.5、批大小 128，数据为 Fashion-MNIST（未安装时用 8×8 手写数字）；每轮的验证准确率和验证损失显示在“对比（每轮）”页</translation>
    </message>
    <message>
        <source>Open IDX folder…</source>
        <translation>打开 IDX 文件夹…</translation>
    </message>
    <message>
        <source>none (File → Open data set…)</source>
        <translation>无（文件 → 打开数据集…）</translation>
    </message>
    <message>
        <source>Image data sets: how many training images an epoch uses</source>
        <translation>图像数据集：每轮使用的训练图像数</translation>
    </message>
    <message>
        <source>Clips every gradient entry to ± this value (0 = off); the notes use 0.5</source>
        <translation>把每个梯度分量裁剪到 ± 该值（0 为关闭）；讲义使用 0.5</translation>
    </message>
    <message>
        <source>Train this many epochs (0: the number of steps decides)</source>
        <translation>训练这么多轮（0：由步数决定）</translation>
    </message>
    <message>
        <source>CNN only; 0: the default for the image size</source>
        <extracomment>The init choice that follows the notes&apos; rule for the chosen activation (Kaiming, Xavier, LeCun). The tooltip of the CNN&apos;s sizes in the settings drawer.</extracomment>
        <translation>仅用于 CNN；0：按图像尺寸取默认值</translation>
    </message>
    <message>
        <source>bfloat16 mixed precision</source>
        <translation>bfloat16 混合精度</translation>
    </message>
    <message>
        <source>bfloat16 autocast of the forward pass (CUDA GPUs only)</source>
        <translation>前向计算使用 bfloat16 自动混合精度（仅 CUDA GPU）</translation>
    </message>
    <message>
        <source>bfloat16 autocast needs a CUDA GPU; none is available here</source>
        <translation>bfloat16 自动混合精度需要 CUDA GPU；本机没有可用的 GPU</translation>
    </message>
    <message>
        <source>x axis: steps</source>
        <translation>横轴：步数</translation>
    </message>
    <message>
        <source>x axis: epochs</source>
        <translation>横轴：轮次</translation>
    </message>
    <message>
        <source>Validation image</source>
        <translation>验证图像</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Shoot-out per epoch</source>
        <translation>对比（每轮）</translation>
    </message>
    <message>
        <source>Trains the same network once per value and seed, all runs together, and draws each value&apos;s mean with a min–max band over the seeds. Activations: {notes} is the notes&apos; experiment.</source>
        <translation>对每个取值和每个随机种子训练同一个网络，所有运行同步推进；每个取值画出各种子的均值曲线及最小–最大带。激活函数：{notes} 即讲义中的实验。</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>one step at a time</source>
        <translation>一次一步</translation>
    </message>
    <message>
        <source>1 step/s</source>
        <translation>每秒 1 步</translation>
    </message>
    <message>
        <source>5 steps/s</source>
        <translation>每秒 5 步</translation>
    </message>
    <message>
        <source>20 steps/s</source>
        <translation>每秒 20 步</translation>
    </message>
    <message>
        <source>100 steps/s</source>
        <translation>每秒 100 步</translation>
    </message>
    <message>
        <source>full speed</source>
        <translation>全速</translation>
    </message>
    <message>
        <source>Below full speed every step is recorded and drawn</source>
        <translation>低于全速时，每一步都会被记录并绘制</translation>
    </message>
    <message>
        <source>This change needs a new network: the running one keeps its settings. Learning rate, momentum, weight decay, clipping and batch size change the running network at once.</source>
        <translation>此修改需要新建网络：正在训练的网络保持原设置。学习率、动量、权重衰减、梯度裁剪和批大小会立即作用于正在训练的网络。</translation>
    </message>
    <message>
        <source>Restart with these settings</source>
        <translation>用这些设置重新开始</translation>
    </message>
    <message>
        <source>Clip gradients</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Train again with the gradient norm clipped at {norm:g}</source>
        <translation>以梯度范数上限 {norm:g} 重新训练</translation>
    </message>
    <message>
        <source>Train again with batch normalisation</source>
        <translation>加入批归一化后重新训练</translation>
    </message>
    <message>
        <source>Learning rate ÷ {divisor:g}</source>
        <translation>学习率 ÷ {divisor:g}</translation>
    </message>
    <message>
        <source>Train again with a smaller learning rate</source>
        <translation>用更小的学习率重新训练</translation>
    </message>
    <message>
        <source>Kill and restart</source>
        <translation>结束并重启</translation>
    </message>
    <message>
        <source>The training process has stopped answering (nothing for {seconds:.0f} s). A very large step may take this long; else kill it and start a fresh one.</source>
        <translation>训练进程已停止响应（{seconds:.0f} 秒无进展）。很大的一步可能需要这么久；否则请结束它并启动一个新进程。</translation>
    </message>
    <message>
        <source>{label} (step {step}, training loss {loss})</source>
        <translation>{label}（第 {step} 步，训练损失 {loss}）</translation>
    </message>
    <message>
        <source>{label} of {file} (step {step}, training loss {loss})</source>
        <translation>{file} 中的 {label}（第 {step} 步，训练损失 {loss}）</translation>
    </message>
    <message>
        <source>Compared runs</source>
        <translation>对比的运行</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Export results CSV…</source>
        <translation>导出结果 CSV…</translation>
    </message>
    <message>
        <source>{label} diverged at step {step}: the loss became infinite or NaN. Cures, one click each: clip the gradients, batch norm, a smaller learning rate.</source>
        <translation>{label} 在第 {step} 步发散：损失变为无穷大或 NaN。一键对策：梯度裁剪、批归一化、更小的学习率。</translation>
    </message>
    <message>
        <source>Comparison done: {count} runs of {values} values ({diverged} diverged). See the Results and Compared runs tabs.</source>
        <translation>对比完成：{values} 个取值共 {count} 次运行（{diverged} 次发散）。请看“结果”和“对比的运行”标签页。</translation>
    </message>
    <message>
        <source>Run file {name} (read-only): step {step} of {last}.</source>
        <translation>运行记录 {name}（只读）：第 {step} 步，共 {last} 步。</translation>
    </message>
    <message>
        <source>{count} runs</source>
        <translation>{count} 次运行</translation>
    </message>
    <message>
        <source>image {index}: {predicted} ({true})</source>
        <extracomment>The Training panel&apos;s tabs a figure is shown in: the overview (data, network, loss), the per-layer views, the image views, or a tab of its own.</extracomment>
        <translation>图像 {index}：{predicted}（{true}）</translation>
    </message>
    <message>
        <source>these points have more than two inputs; edit them in their CSV file</source>
        <extracomment>Ctrl+click erases the points within this share of the plot&apos;s width.</extracomment>
        <translation>这些点的输入多于两个；请在其 CSV 文件中编辑</translation>
    </message>
    <message>
        <source>no points to save</source>
        <translation>没有可保存的点</translation>
    </message>
    <message>
        <source>Open points</source>
        <translation>打开数据点</translation>
    </message>
    <message>
        <source>no results yet: run a comparison first</source>
        <translation>尚无结果：请先运行一次对比</translation>
    </message>
    <message>
        <source>Logarithmic loss axis</source>
        <translation>损失使用对数坐标</translation>
    </message>
    <message>
        <source>BatchNorm between each linear layer and its activation</source>
        <translation>在每个线性层与其激活函数之间加入 BatchNorm</translation>
    </message>
    <message>
        <source>Nesterov momentum (SGD only)</source>
        <translation>Nesterov 动量（仅 SGD）</translation>
    </message>
    <message>
        <source>Export run CSV…</source>
        <translation>导出运行记录 CSV…</translation>
    </message>
    <message>
        <source>Export run JSON…</source>
        <translation>导出运行记录 JSON…</translation>
    </message>
    <message>
        <source>class label</source>
        <translation>类别标签</translation>
    </message>
    <message>
        <source>regression target</source>
        <translation>回归目标</translation>
    </message>
    <message>
        <source>Computed from x₁ and x₂ before the network (2-D data sets)</source>
        <translation>在进入网络前由 x₁ 和 x₂ 计算（二维数据集）</translation>
    </message>
    <message>
        <source>Units shown per layer</source>
        <translation>每层显示的单元数</translation>
    </message>
    <message>
        <source>First unit shown</source>
        <translation>显示的第一个单元</translation>
    </message>
    <message>
        <source>IDX folder: {name}</source>
        <translation>IDX 文件夹：{name}</translation>
    </message>
    <message>
        <source>Recommended for the activation (notes&apos; rule)</source>
        <translation>按激活函数推荐（讲义规则）</translation>
    </message>
    <message>
        <source>1 sigmoid unit + BCE loss</source>
        <translation>1 个 sigmoid 单元 + BCE 损失</translation>
    </message>
    <message>
        <source>2 softmax units + cross-entropy</source>
        <translation>2 个 softmax 单元 + 交叉熵</translation>
    </message>
    <message>
        <source>auto (CUDA, then MPS, then CPU)</source>
        <translation>自动（依次尝试 CUDA、MPS、CPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>Apple MPS</source>
        <translation>Apple MPS</translation>
    </message>
    <message>
        <source>activations</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>initialisations</source>
        <translation>初始化方法</translation>
    </message>
    <message>
        <source>learning rates</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Gradient clipping: the largest gradient norm allowed (0 = off)</source>
        <translation>梯度裁剪：允许的最大梯度范数（0 = 关闭）</translation>
    </message>
    <message>
        <source>Starting the training process (loading torch)…</source>
        <extracomment>A comparison&apos;s status names each run while there are at most this many; more are summed up by best and worst.</extracomment>
        <translation>正在启动训练进程（加载 torch）…</translation>
    </message>
    <message>
        <source>Ready. The training process uses {threads} torch thread(s).</source>
        <translation>就绪。训练进程使用 {threads} 个 torch 线程。</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Starting run {label}…</source>
        <translation>开始运行 {label}…</translation>
    </message>
    <message>
        <source>{label} step {step} · {rate} steps/s · training loss {train} · validation loss {val} · accuracy {accuracy} · {device}</source>
        <translation>{label} 第 {step} 步 · {rate} 步/秒 · 训练损失 {train} · 验证损失 {val} · 准确率 {accuracy} · {device}</translation>
    </message>
    <message>
        <source>Paused at step {step}: Step runs one optimiser step.</source>
        <translation>已在第 {step} 步暂停：“单步”执行一次优化器更新。</translation>
    </message>
    <message>
        <source>{label} finished {step} steps: validation loss {val}, accuracy {accuracy}.</source>
        <translation>{label} 完成 {step} 步：验证损失 {val}，准确率 {accuracy}。</translation>
    </message>
    <message>
        <source>{label} stopped at step {step}.</source>
        <translation>{label} 在第 {step} 步停止。</translation>
    </message>
    <message>
        <source>Could not train: {message}</source>
        <translation>无法训练：{message}</translation>
    </message>
    <message>
        <source>Reset: the plots are cleared.</source>
        <translation>已重置：图已清空。</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Opened {name}: {shape} images, {classes} classes.</source>
        <translation>已打开 {name}：{shape} 图像，{classes} 个类别。</translation>
    </message>
    <message>
        <source>Read {count} points from {path}</source>
        <translation>已从 {path} 读取 {count} 个点</translation>
    </message>
    <message>
        <source>Device in use: {device}</source>
        <translation>使用的设备：{device}</translation>
    </message>
    <message>
        <source>Resume</source>
        <extracomment>The speed one click away: a class can follow the first hundred steps one by one.</extracomment>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>give at least two values to compare</source>
        <extracomment>Run colours for comparisons without registry colours (and class colours in the figures). The notes&apos; experiment: the same network with these activations, curves overlaid. The values offered first for each kind of comparison. A comparison of activations for a model that takes images (the notes&apos; CNN experiment) trains the notes&apos; variants: `gelu` in its tanh form (gelu_tanh), `leaky_relu` with α = 0.2. Seeds per compared value (the panel&apos;s default is 3: a difference between values may otherwise be luck). The most runs one comparison trains (values × seeds): each curve must stay readable, and each run costs a network&apos;s memory. The validation accuracy whose first step the results table reports.</extracomment>
        <translation>请至少给出两个取值进行比较</translation>
    </message>
    <message>
        <source>nothing to export yet: start a run first</source>
        <translation>尚无可导出的内容：请先开始一次训练</translation>
    </message>
    <message>
        <source>the compared runs have different layers; export them one at a time</source>
        <translation>对比的运行层数不同；请逐个导出</translation>
    </message>
    <message>
        <source>Export run</source>
        <translation>导出运行记录</translation>
    </message>
    <message>
        <source>Run a comparison: each compared value gets a row here.</source>
        <extracomment>Height of one small-multiples row (pixels).</extracomment>
        <translation>运行一次对比：每个对比的取值在这里占一行。</translation>
    </message>
    <message>
        <source>Mean over the seeds of each value (min and max for the final validation accuracy and loss); steps_to_90: first recorded step with 90 % validation accuracy. Click a header to sort.</source>
        <translation>每个取值在各随机种子上的均值（最终验证准确率和损失另给最小值与最大值）；steps_to_90：验证准确率首次达到 90% 的记录步数。点击表头排序。</translation>
    </message>
    <message>
        <source>{count} points. On the boundary plot: click adds class 0, right-click class 1, Shift+click the class below; Ctrl+drag erases.</source>
        <extracomment>Undo keeps this many earlier point sets.</extracomment>
        <translation>{count} 个点。在决策边界图上：单击添加类别 0，右键单击添加类别 1，Shift+单击添加下方所选类别；Ctrl+拖动擦除。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Open CSV…</source>
        <translation>打开 CSV…</translation>
    </message>
    <message>
        <source>Save CSV…</source>
        <translation>保存 CSV…</translation>
    </message>
    <message>
        <source>Train until paused</source>
        <translation>训练直到暂停</translation>
    </message>
    <message>
        <source>A run in the window goes on until you pause or stop it; untick to stop after the steps (or epochs) below</source>
        <translation>窗口中的训练会一直进行，直到你暂停或停止；取消勾选则在下方的步数（或轮数）后停止</translation>
    </message>
    <message>
        <source>before: {label}</source>
        <extracomment>The per-layer tab&apos;s plots in up to LAYERS_COLUMNS columns (two at least) while each keeps this many lines of text in width… …and at least this many lines high (the tab scrolls where the rows do not fit). Share of one core the live plots may use; above it they redraw less often (30 down to 4 times a second). How much of a faded &quot;before&quot; run&apos;s colour is its own (the rest is grey).</extracomment>
        <translation>之前：{label}</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>各层</translation>
    </message>
    <message>
        <source>Start a run (Space or Page Down with a clicker)</source>
        <translation>开始训练（空格键，或翻页笔的 Page Down）</translation>
    </message>
    <message>
        <source>One optimiser step (Page Up or B with a clicker)</source>
        <translation>执行一步优化（翻页笔的 Page Up 或 B）</translation>
    </message>
    <message>
        <source>Slow</source>
        <translation>慢速</translation>
    </message>
    <message>
        <source>{steps} steps a second, each one drawn: the first hundred steps in five seconds</source>
        <translation>每秒 {steps} 步，每一步都绘制：前一百步用五秒</translation>
    </message>
    <message>
        <source>All settings</source>
        <translation>全部设置</translation>
    </message>
    <message>
        <source>Opens or closes the pane with every other setting</source>
        <translation>打开或关闭包含其他所有设置的侧栏</translation>
    </message>
    <message>
        <source>Run shown in the network and per-layer views</source>
        <translation>网络与各层视图显示的运行</translation>
    </message>
    <message>
        <source>The image views show a run on an image data set (the 8×8 digits, Fashion-MNIST or an IDX folder): choose one as the data set. This data set&apos;s points and the network&apos;s output are on the first tab.</source>
        <translation>图像视图显示图像数据集（8×8 手写数字、Fashion-MNIST 或 IDX 文件夹）上的训练：请选择其一作为数据集。当前数据集的数据点和网络输出在第一个标签页。</translation>
    </message>
    <message>
        <source>{label}: val. loss {loss}, accuracy {accuracy}</source>
        <translation>{label}：验证损失 {loss}，准确率 {accuracy}</translation>
    </message>
    <message>
        <source>(diverged at step {step})</source>
        <translation>（第 {step} 步发散）</translation>
    </message>
    <message>
        <source>best {best} · worst {worst}</source>
        <translation>最好 {best} · 最差 {worst}</translation>
    </message>
    <message>
        <source>Reading {folder}…</source>
        <translation>正在读取 {folder}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open data set (a folder of IDX files)</source>
        <translation>打开数据集（IDX 文件所在的文件夹）</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Continue training</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Train on from the run&apos;s settings, its network starting from the file&apos;s last weights</source>
        <translation>按该运行的设置继续训练，网络从文件中最后的权重开始</translation>
    </message>
    <message>
        <source>Run a live run beside it</source>
        <translation>在旁边进行一次实时训练</translation>
    </message>
    <message>
        <source>Train the same settings live; the opened run stays drawn beside it, faded</source>
        <translation>用相同设置实时训练；打开的运行以淡色保留在旁边</translation>
    </message>
    <message>
        <source>Close run</source>
        <translation>关闭运行记录</translation>
    </message>
    <message>
        <source>Stop the run in progress before opening a run file.</source>
        <translation>请先停止正在进行的训练，再打开运行记录文件。</translation>
    </message>
    <message>
        <source>step {step} of {last}</source>
        <translation>第 {step} 步，共 {last} 步</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>The training process did not answer Stop within {seconds:g} s; it was restarted.</source>
        <extracomment>Batches handed to the GUI thread per second at most. Messages read in one go before the relay checks whether a batch is due. Seconds the process has to answer a stop before it is killed and restarted. How often the process&apos;s health is checked (a suspended process is reported after two checks).</extracomment>
        <translation>训练进程在 {seconds:g} 秒内没有响应“停止”，已将其重启。</translation>
    </message>
    <message>
        <source>The training process stopped answering (it was suspended); it was restarted.</source>
        <translation>训练进程停止响应（已被挂起），已重新启动。</translation>
    </message>
    <message>
        <source>The training process stopped answering; it was killed and restarted.</source>
        <translation>训练进程停止响应；已结束并重启。</translation>
    </message>
    <message>
        <source>the training process ended unexpectedly (exit code {code})</source>
        <translation>训练进程意外结束（退出码 {code}）</translation>
    </message>
</context>
<context>
    <name>UpdateRatioFigure</name>
    <message>
        <source>Update-to-data ratio ‖ΔW‖ / ‖W‖ (dashed: 10⁻³)</source>
        <extracomment>The update-to-data ratio makemore&apos;s lessons aim for: ‖ΔW‖ / ‖W‖ ≈ 10⁻³ per step.</extracomment>
        <translation>更新量与权重之比 ‖ΔW‖ / ‖W‖（虚线：10⁻³）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>ratio (log)</source>
        <translation>比值（对数坐标）</translation>
    </message>
</context>
<context>
    <name>WeightMatrixFigure</name>
    <message>
        <source>Weights of the layer</source>
        <extracomment>Negative weights blue, zero neutral, positive red (a diverging map read the same by colour-blind eyes).</extracomment>
        <translation>该层的权重</translation>
    </message>
    <message>
        <source>input j</source>
        <translation>输入 j</translation>
    </message>
    <message>
        <source>output i</source>
        <translation>输出 i</translation>
    </message>
</context>
</TS>
