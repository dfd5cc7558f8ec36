<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <source>InitHistogramFigure</source>
        <comment>Sampled weights vs theory: W of shape (fan_out {fan_out}, fan_in {fan_in}), {count} values</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>InitHistogramFigure</source>
        <comment>Sampled weights vs theory</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>InitHistogramFigure</source>
        <comment>weight value w</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>InitHistogramFigure</source>
        <comment>density</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>InitHistogramFigure</source>
        <comment>{name}: sampled, mean {mean:.4g}, std {std:.4g}</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>InitHistogramFigure</source>
        <comment>{name}: theoretical density, std {std:.4g}</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>InitHistogramFigure</source>
        <comment>{name}: theoretical point mass, std {std:.4g}</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DepthFigure</source>
        <comment>Activations and gradients through the layers</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DepthFigure</source>
        <comment>{activation} + {init}: {depth} layers of width {width}</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DepthFigure</source>
        <comment>layer</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DepthFigure</source>
        <comment>standard deviation (log scale)</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DepthFigure</source>
        <comment>std of the layer's activations</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DepthFigure</source>
        <comment>std of the gradient ∂L/∂W_l (L = mean of output²)</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DepthFigure</source>
        <comment>Activations overflow (inf/NaN) from layer {layer}:&lt;br&gt;the weights are far too large, the signal explodes.</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DepthFigure</source>
        <comment>Every activation is 0 and so is every gradient:&lt;br&gt;nothing can be learnt.</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DepthFigure</source>
        <comment>Every unit of a layer computes the same value (1 distinct unit of {width}):&lt;br&gt;symmetry is never broken.</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DepthHistogramFigure</source>
        <comment>Activations per layer&lt;br&gt;(colour: log₁₀ share in bin)</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DepthFigure</source>
        <comment>Distinct units per layer: {low} to {high} of {width}.</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DepthHistogramFigure</source>
        <comment>layer</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DepthHistogramFigure</source>
        <comment>activation value</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LossCurvesFigure</source>
        <comment>prediction ŷ</comment>
        <extracomment>On a probability axis the y range follows the curves inside this share of the window, so that the blow-up of −log p at the very ends of (0, 1) does not squash everything else.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LossCurvesFigure</source>
        <comment>∂L/∂ŷ (autograd)</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LossCurvesFigure</source>
        <comment>predicted probability p of the class</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LossCurvesFigure</source>
        <comment>∂L/∂p (autograd)</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LossCurvesFigure</source>
        <comment>logit (score) z</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LossCurvesFigure</source>
        <comment>∂L/∂z (autograd)</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LossCurvesFigure</source>
        <comment>Loss against the prediction, target y = {target}</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LossCurvesFigure</source>
        <comment>Loss against the prediction, target t = {target} (1: the true class)</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LossCurvesFigure</source>
        <comment>loss L</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LossCurvesFigure</source>
        <comment>Gradient of the loss</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DistributionFigure</source>
        <comment>H(P) = {h},  KL(P‖Q) = {kl},  H(P, Q) = {ce} = H(P) + KL(P‖Q)  (nats)</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DistributionFigure</source>
        <comment>class</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DistributionFigure</source>
        <comment>probability</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DistributionFigure</source>
        <comment>P (true)</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DistributionFigure</source>
        <comment>Q (predicted)</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LandscapeFigure</source>
        <comment>diverged at step {step}</comment>
        <extracomment>A run "reached" a known minimum when it ends this close to it, relative to the window's size.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LandscapeFigure</source>
        <comment>left the map going downhill at step {step}</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LandscapeFigure</source>
        <comment>reached the minimum ({x}, {y})</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LandscapeFigure</source>
        <comment>loss {loss} after {steps} steps</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LandscapeFigure</source>
        <comment>Loss per step</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LandscapeFigure</source>
        <comment>step</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LandscapeFigure</source>
        <comment>loss f(x, y)</comment>
        <translation type="unfinished" />
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
        <source>CSV (plotted data)</source>
        <translation>CSV（绘图数据）</translation>
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
</context>
<context>
    <name>FunctionsFigure</name>
    <message>
        <source>Activation f(x) and its derivatives</source>
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
</context>
<context>
    <name>FunctionsPanel</name>
    <message>
        <source>Functions</source>
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
        <source>Cost (µs / 10⁶)</source>
        <translation>耗时（µs / 10⁶ 个元素）</translation>
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
    <name>InitPanel</name>
    <message>
        <source>Initialisation</source>
        <extracomment>Delay before the depth experiment reruns, so dragging a slider does not queue one run per step.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Weight distribution</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Depth: signal and gradient</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Initialisation scheme</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Weight matrix W: fan_out × fan_in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>fan_in (inputs)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>fan_out (outputs)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Random seed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Re-sample (next seed)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compare with a second scheme</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cases from the notes (one click):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(custom)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Activation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Weight initialisation (biases zero)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Use the recommended initialisation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sizes and batch</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Layers (depth)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Units per layer (width)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not drawn: {reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>mean</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>std</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>max</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;Notes recommend:&lt;/b&gt; {scheme}{params}&lt;br&gt;{reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not run: {reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loss L = mean(output²) = {loss}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Activation std, first → last layer: {first} → {last}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Gradient std, first → last layer: {first} → {last}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Distinct units per layer: {low} to {high} of {width}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The activations overflow from layer {layer}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Constant weights: every unit of a layer is identical, symmetry is never broken.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>JacobianFigure</name>
    <message>
        <source>Jacobian ∂p_i/∂z_j = p_i(δ_ij − p_j)</source>
        <translation>雅可比矩阵 ∂p_i/∂z_j = p_i(δ_ij − p_j)</translation>
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
    <name>LossesPanel</name>
    <message>
        <source>Losses</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Regression</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Classification</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Regression losses (tick to overlay):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Classification losses (tick to overlay):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loss parameters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Horizontal axis</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Probability p of the class</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Logit z (p = σ(z))</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Distributions P and Q</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Comma-separated weights per class, normalised to sum to 1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>P (true)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Q (predicted)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not changed: {reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tick at least one loss.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>H(P) + KL(P‖Q) = {h} + {kl} = {total} = H(P, Q)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Entropy H(P) = {h} nats&lt;br&gt;Cross-entropy H(P, Q) = {ce} nats&lt;br&gt;KL divergence KL(P‖Q) = {kl} nats</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <extracomment>The tabs, in order. A new panel is one more entry here.</extracomment>
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
        <source>unknown panel '{name}'</source>
        <translation>未知面板“{name}”</translation>
    </message>
    <message>
        <source>unknown theme '{name}'</source>
        <translation>未知主题“{name}”</translation>
    </message>
    <message>
        <source>unknown language '{name}'</source>
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
        <source>&lt;h3&gt;ActGUI {version}&lt;/h3&gt;&lt;p&gt;Activation functions, initialisation and training dynamics, made visible.&lt;/p&gt;&lt;p&gt;torch {torch}&lt;br&gt;Qt {qt} (PySide6 {pyside})&lt;br&gt;pyqtgraph {pg}&lt;br&gt;Python {python}&lt;br&gt;Compute device: {device}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ActGUI {version}&lt;/h3&gt;&lt;p&gt;让激活函数、参数初始化与训练过程一目了然。&lt;/p&gt;&lt;p&gt;torch {torch}&lt;br&gt;Qt {qt}（PySide6 {pyside}）&lt;br&gt;pyqtgraph {pg}&lt;br&gt;Python {python}&lt;br&gt;计算设备：{device}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About ActGUI</source>
        <translation>关于 ActGUI</translation>
    </message>
</context>
<context>
    <name>SoftmaxFigure</name>
    <message>
        <source>Logits z</source>
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
        <source>softmax applied twice</source>
        <translation>两次 softmax</translation>
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
        <source>The notes' 10 logits</source>
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
</TS>