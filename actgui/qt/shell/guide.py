"""The in-app guide: per panel, the course's rules in both languages, linked to the presets that
demonstrate them; and the list of keyboard shortcuts."""

from __future__ import annotations

from html import escape

from actgui.core.activations import ACTIVATIONS
from actgui.core.depth import DepthSpec, signal_drift
from actgui.core.inits import derive_gain, recommended_init

GUIDES: dict[str, dict[str, str]] = {
    "functions": {
        "en": """<h3>Activation functions</h3>
<p>Without a non-linearity a deep network is one linear map. Tick activations to compare f and its
derivative f′ (computed by autograd, as <code>y.sum().backward(); x.grad</code>).</p>
<ul>
<li><b>Sigmoid</b>: range (0, 1), f′ ≤ 0.25, saturates, not zero-centred. Today mainly the binary output.</li>
<li><b>Tanh</b>: range (−1, 1), zero-centred, f′ ≤ 1; still saturates beyond about ±3.</li>
<li><b>ReLU</b>: f′ is 0 or 1, cheap, sparse; negative inputs give zero gradient: units can die.</li>
<li><b>Leaky ReLU / PReLU / ELU / SELU / GELU / Swish</b>: keep a gradient for x &lt; 0.</li>
</ul>
<p><b>Hidden layers</b>: ReLU &gt; Leaky ReLU &gt; PReLU &gt; Tanh &gt; Sigmoid (MLP/CNN: ReLU; RNN: tanh/sigmoid).<br>
<b>Outputs</b>: binary → Sigmoid + BCE; multi-class → Softmax + cross-entropy; multi-label → sigmoid per class;
regression → identity.</p>
<p>Presets: <a href="preset:relu_family">the ReLU family</a> ·
<a href="preset:sigmoid_vs_tanh">sigmoid vs tanh</a></p>""",
        "zh_CN": """<h3>激活函数</h3>
<p>没有非线性，深层网络只是一个线性映射。勾选激活函数，比较 f 与其导数 f′（由 autograd 求得，即
<code>y.sum().backward(); x.grad</code>）。</p>
<ul>
<li><b>Sigmoid</b>：值域 (0, 1)，f′ ≤ 0.25，会饱和，非零中心。如今主要用于二分类输出层。</li>
<li><b>Tanh</b>：值域 (−1, 1)，零中心，f′ ≤ 1；在约 ±3 以外仍会饱和。</li>
<li><b>ReLU</b>：f′ 为 0 或 1，计算简单，激活稀疏；负输入梯度为 0，神经元可能死亡。</li>
<li><b>Leaky ReLU / PReLU / ELU / SELU / GELU / Swish</b>：x &lt; 0 时仍保留梯度。</li>
</ul>
<p><b>隐藏层</b>：ReLU &gt; Leaky ReLU &gt; PReLU &gt; Tanh &gt; Sigmoid（MLP/CNN 用 ReLU；RNN 用 tanh/sigmoid）。<br>
<b>输出层</b>：二分类 → Sigmoid + BCE；多分类 → Softmax + 交叉熵；多标签 → 每类一个 sigmoid；回归 → 恒等函数。</p>
<p>预设：<a href="preset:relu_family">ReLU 家族</a> · <a href="preset:sigmoid_vs_tanh">Sigmoid 与 Tanh</a></p>""",
    },
    "softmax": {
        "en": """<h3>Softmax</h3>
<p>Softmax turns logits into a probability distribution (it sums to 1), enlarging large logits and squeezing
small ones. The temperature T divides the logits: small T sharpens, large T flattens.</p>
<p>Computed as exp(z − max z) / Σ exp(z − max z): the naive exp(z) / Σ exp(z) overflows for large logits.
Its gradient is ∂p_i/∂z_j = p_i(δ_ij − p_j) (the heat map).</p>
<p>Multi-class output: Softmax + cross-entropy (PyTorch's CrossEntropyLoss applies softmax itself).</p>
<p>Preset: <a href="preset:softmax_temperature">temperature and overflow</a></p>""",
        "zh_CN": """<h3>Softmax</h3>
<p>Softmax 把 logits 变成概率分布（和为 1），放大大的 logit、压缩小的 logit。温度 T 除以 logits：T 小则更尖锐，
T 大则更平坦。</p>
<p>计算方式为 exp(z − max z) / Σ exp(z − max z)；朴素的 exp(z) / Σ exp(z) 在 logit 很大时会溢出。
其梯度为 ∂p_i/∂z_j = p_i(δ_ij − p_j)（见热力图）。</p>
<p>多分类输出：Softmax + 交叉熵（PyTorch 的 CrossEntropyLoss 内部已包含 softmax）。</p>
<p>预设：<a href="preset:softmax_temperature">温度与溢出</a></p>""",
    },
    "init": {
        "en": """<h3>Parameter initialisation</h3>
<p>Initialisation should avoid vanishing and exploding gradients, speed up convergence and break symmetry.</p>
<ul>
<li>zeros / ones / constant keep every unit of a layer identical: symmetry is never broken.</li>
<li>Plain normal / uniform break symmetry, but a badly chosen scale explodes or vanishes with depth.</li>
<li><b>Xavier</b>: Var(W) = 2 / (fan_in + fan_out), for tanh / sigmoid.</li>
<li><b>Kaiming (He)</b>: Var(W) = 2 / fan_in (or fan_out): ReLU zeroes half the signal.</li>
</ul>
<p><b>Rule</b>: ReLU family → Kaiming; others → Xavier; biases zero; SELU → LeCun normal.</p>
<p><b>Biases</b>: every scheme here sets the biases to zero, except <code>torch_default</code>, which keeps
nn.Linear's own bias b ~ U(−1/√fan_in, 1/√fan_in). Those biases change a deep stack's picture: through 30 tanh
layers the activations' std levels off at about 0.04 instead of vanishing. <b>Standard</b> is Glorot &amp;
Bengio's baseline with the same weights, W ~ U(−1/√n, 1/√n), and zero biases.</p>
<p>Presets: <a href="preset:xavier_vs_kaiming">Xavier vs Kaiming</a> ·
<a href="preset:sigmoid_vanishing">sigmoid gradients vanishing</a></p>""",
        "zh_CN": """<h3>参数初始化</h3>
<p>初始化的目的：避免梯度消失和梯度爆炸，加快收敛，打破对称性。</p>
<ul>
<li>全零 / 全一 / 常数初始化让同一层所有神经元完全相同：对称性永远无法打破。</li>
<li>普通正态 / 均匀分布能打破对称性，但尺度选得不好，随深度增加会爆炸或消失。</li>
<li><b>Xavier</b>：Var(W) = 2 / (fan_in + fan_out)，适用于 tanh / sigmoid。</li>
<li><b>Kaiming (He)</b>：Var(W) = 2 / fan_in（或 fan_out），因为 ReLU 会把一半信号置零。</li>
</ul>
<p><b>规则</b>：ReLU 系列 → Kaiming；其他 → Xavier；偏置置零；SELU → LeCun 正态。</p>
<p><b>偏置</b>：这里的每种方案都把偏置置零，只有 <code>torch_default</code> 保留 nn.Linear 自己的偏置
b ~ U(−1/√fan_in, 1/√fan_in)。这些偏置会改变深层网络的表现：经过 30 层 tanh，激活值的标准差停在约 0.04，而不是趋于消失。
<b>标准初始化</b>是 Glorot 与 Bengio 的基线方案：权重同为 W ~ U(−1/√n, 1/√n)，偏置为零。</p>
<p>预设：<a href="preset:xavier_vs_kaiming">Xavier 与 Kaiming</a> · <a href="preset:sigmoid_vanishing">Sigmoid 梯度消失</a></p>""",
    },
    "training": {
        "en": """<h3>Training</h3>
<p>A small network trains live. Watch the loss, the per-layer gradient norms (vanishing: the first layers'
norms shrink; exploding: NaN), dead ReLU units and saturated sigmoid/tanh units.</p>
<p>Cures for hard training: a suitable init (He for ReLU, Xavier for tanh), ReLU-like activations, batch norm,
a smaller learning rate, gradient clipping.</p>
<p>Presets: <a href="preset:activation_shootout">activation shoot-out</a> ·
<a href="preset:dead_relu">dead ReLU</a></p>""",
        "zh_CN": """<h3>训练</h3>
<p>一个小网络正在实时训练。观察损失、各层梯度范数（梯度消失：前几层的范数变小；梯度爆炸：出现 NaN）、
死亡的 ReLU 神经元和饱和的 sigmoid/tanh 神经元。</p>
<p>对策：合适的初始化（ReLU 用 He，tanh 用 Xavier）、ReLU 类激活函数、批归一化、更小的学习率、梯度裁剪。</p>
<p>预设：<a href="preset:activation_shootout">激活函数对比实验</a> · <a href="preset:dead_relu">ReLU 神经元死亡</a></p>""",
    },
    "losses": {
        "en": """<h3>Losses</h3>
<p>MAE (L1) = mean |y − ŷ| and MSE = mean (y − ŷ)² for regression: MAE's gradient has constant size, MSE's
grows with the error, Huber switches between them at δ.</p>
<p>Entropy H(P) = −Σ P log P; cross-entropy H(P, Q) = −Σ P log Q = H(P) + KL(P‖Q). Binary cross-entropy:
−[y log ŷ + (1 − y) log(1 − ŷ)].</p>""",
        "zh_CN": """<h3>损失函数</h3>
<p>回归用 MAE (L1) = mean |y − ŷ| 和 MSE = mean (y − ŷ)²：MAE 的梯度大小恒定，MSE 的梯度随误差增大，
Huber 在 δ 处在两者之间切换。</p>
<p>信息熵 H(P) = −Σ P log P；交叉熵 H(P, Q) = −Σ P log Q = H(P) + KL(P‖Q)。二分类交叉熵：
−[y log ŷ + (1 − y) log(1 − ŷ)]。</p>""",
    },
    "landscape": {
        "en": """<h3>Finding minima</h3>
<p>The gradient points to the steepest ascent; descent steps against it. Convex functions have one minimum;
real losses have many local minima and saddle points, which can stall descent.</p>
<p>The start point, learning rate (start small: 0.1, 0.01, 0.001) and momentum change which minimum is found.
Click the map to set a start.</p>
<p>Presets: <a href="preset:saddle_momentum">a saddle: GD stalls, momentum escapes</a> ·
<a href="preset:himmelblau_starts">Himmelblau's four minima</a></p>""",
        "zh_CN": """<h3>寻找极小值</h3>
<p>梯度指向上升最快的方向；梯度下降沿其反方向前进。凸函数只有一个极小值；真实的损失函数有许多局部极小值和鞍点，
可能让梯度下降停滞。</p>
<p>起点、学习率（从小开始：0.1、0.01、0.001）和动量决定找到哪个极小值。点击图像设置起点。</p>
<p>预设：<a href="preset:saddle_momentum">鞍点：GD 停滞，动量逃离</a> · <a href="preset:himmelblau_starts">Himmelblau 的四个极小值</a></p>""",
    },
    "backprop": {
        "en": """<h3>Backpropagation, one step</h3>
<p>One SGD step of a small network, phase by phase (Page Down or → for the next, Page Up or ← back):</p>
<ol>
<li><b>Forward</b>: each layer computes z = W·a + b and a = f(z).</li>
<li><b>Loss</b>: L compares the output with the target.</li>
<li><b>Backward</b> (the chain rule, last layer first): δ = ∂L/∂a ⊙ f′(z); ∂L/∂W = δ·aᵀ of the layer's input,
∂L/∂b = δ, and ∂L/∂a of the layer below = Wᵀ·δ.</li>
<li><b>Update</b>: W ← W − η·∂L/∂W, b ← b − η·∂L/∂b.</li>
</ol>
<p>Every number comes from autograd. Each layer multiplies the signal going back by f′(z): with sigmoid
(f′ ≤ 0.25) it shrinks layer by layer, the vanishing gradient.</p>""",
        "zh_CN": """<h3>反向传播：一步</h3>
<p>小网络的一步 SGD，逐阶段展示（Page Down 或 → 下一步，Page Up 或 ← 上一步）：</p>
<ol>
<li><b>前向传播</b>：每层计算 z = W·a + b，a = f(z)。</li>
<li><b>损失</b>：L 比较输出与目标。</li>
<li><b>反向传播</b>（链式法则，从最后一层开始）：δ = ∂L/∂a ⊙ f′(z)；∂L/∂W = δ·aᵀ（a 为该层输入），
∂L/∂b = δ，下一层的 ∂L/∂a = Wᵀ·δ。</li>
<li><b>更新</b>：W ← W − η·∂L/∂W，b ← b − η·∂L/∂b。</li>
</ol>
<p>所有数值都来自 autograd。反向传回的信号每经过一层都乘以 f′(z)：sigmoid 的 f′ ≤ 0.25，
信号逐层缩小，这就是梯度消失。</p>""",
    },
}

SHORTCUTS = [
    ("F1", "Guide for this panel", "本面板指南"),
    ("F2", "The code behind this figure (plain torch, to copy or save)", "此图背后的代码（纯 torch，可复制或保存）"),
    ("F11", "Lecture mode: full screen, large fonts and lines", "讲课模式：全屏、大字体、粗线条"),
    ("Ctrl+H", "Hide or show the controls", "隐藏或显示控制面板"),
    ("Ctrl+1 … Ctrl+7", "Go to tab 1 … 7", "切换到第 1 … 7 个标签页"),
    ("Ctrl+→ / Ctrl+←", "Functions: next / previous activation", "函数：下一个 / 上一个激活函数"),
    ("Ctrl+D", "Functions: show or hide the derivative", "函数：显示或隐藏导数"),
    ("Ctrl+T", "Training: start or stop", "训练：开始或停止"),
    ("Space / Page Down", "Training: start, pause or resume (a presentation clicker's next key)",
     "训练：开始、暂停或继续（翻页笔的下一页键）"),
    ("Page Up / B", "Training: one optimiser step (pauses a running run first)",
     "训练：执行一步优化（先暂停正在进行的训练）"),
    ("Ctrl+E", "Export the current figure", "导出当前图形"),
    ("Ctrl+S / Ctrl+O", "Save / open a session", "保存 / 打开会话"),
]


def guide_html(panel_key: str, language: str) -> str:
    """The guide for `panel_key` in `language` (English where no guide exists in that language)."""
    texts = GUIDES.get(panel_key, {})
    text = texts.get(language) or texts.get("en", "")
    return text + gain_table_html(language) if panel_key == "init" else text


def gain_table_html(language: str) -> str:
    """How the recommended gain follows from each activation, and what it measurably does."""
    zh = language == "zh_CN"
    spec = DepthSpec()
    if zh:
        intro = (f"<h3>推荐的 gain 如何得出</h3><p>权重 Var(W) = gain² / fan_in、偏置为零时，预激活的方差 q 每层按 "
                 "q → gain²·E[f(√q·z)²]（z ~ N(0, 1)，数值积分）变化。若 E[f(gain·z)²] = 1 有解就取它（信号的二阶矩逐层保持为 1）；"
                 "否则（|f| &lt; 1）取 gain² = 1 / E[f(z)²]，使不动点为 q = 1。斜率 &lt; 1 表示不动点吸引，&gt; 1 表示排斥。"
                 f"标准差的范围为实测（{spec.depth} 层、宽 {spec.width}、批量 {spec.batch}、种子 {spec.seed}）。</p>")
        slope_word, drift_word = "斜率", "标准差 / 第一层"
        method = {"moment": "E[f(gain·z)²] = 1", "fixed_point": "gain² = 1 / E[f(z)²]"}
        verdict = ("保持", "无法保持")
    else:
        intro = ("<h3>How the recommended gain is derived</h3><p>With Var(W) = gain² / fan_in and zero biases, the "
                 "pre-activation variance q moves from layer to layer as q → gain²·E[f(√q·z)²], z ~ N(0, 1) "
                 "(computed numerically). Where E[f(gain·z)²] = 1 has a solution it is the gain (the signal's second "
                 "moment stays 1 in every layer); otherwise (|f| &lt; 1) gain² = 1 / E[f(z)²] puts the fixed point at "
                 "q = 1. A slope below 1 means the fixed point attracts, above 1 that it repels. The std ranges are "
                 f"measured ({spec.depth} layers, width {spec.width}, batch {spec.batch}, seed {spec.seed}).</p>")
        slope_word, drift_word = "slope", "std / first layer"
        method = {"moment": "E[f(gain·z)²] = 1", "fixed_point": "gain² = 1 / E[f(z)²]"}
        verdict = ("keeps it", "cannot")
    rows = []
    for activation in ACTIVATIONS:
        derivation = derive_gain(activation.key)
        drift = signal_drift(activation.key)
        name = activation.name_zh if zh else activation.name_en
        scheme = recommended_init(activation.key).scheme
        row = (f"<b>{escape(name)}</b>: {escape(scheme)}, gain {derivation.gain:.4g} "
               f"({escape(method[derivation.method])}), {slope_word} {derivation.slope:.3g}; "
               f"{drift_word} {drift.low:.3g}× … {drift.high:.3g}× — ")
        if drift.holds:
            rows.append(f"<li>{row}{verdict[0]}</li>")
        else:
            rows.append(f"<li>{row}<b>{verdict[1]}</b>. {escape(drift.text_zh if zh else drift.text_en)}</li>")
    return intro + f"<ul>{''.join(rows)}</ul>"


def shortcuts_html(language: str) -> str:
    rows = "".join(
        f"<tr><td><b>{keys}</b></td><td>{zh if language == 'zh_CN' else en}</td></tr>" for keys, en, zh in SHORTCUTS
    )
    return f"<table cellspacing='6'>{rows}</table>"
