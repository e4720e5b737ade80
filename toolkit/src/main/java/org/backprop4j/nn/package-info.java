/**
 * Neural-network building blocks, named and grouped as in PyTorch's {@code torch.nn}, so that a PyTorch model ports
 * layer by layer and its state dict loads under the same keys.
 *
 * <h2>Containers and the module contract</h2>
 * {@link org.backprop4j.nn.Module} (parameters, buffers and children found from final fields, {@code call},
 * hooks, {@code train()}/{@code eval()}, state dicts), {@link org.backprop4j.nn.Parameter},
 * {@link org.backprop4j.nn.Buffer}, {@link org.backprop4j.nn.Sequential}, {@link org.backprop4j.nn.Residual},
 * {@link org.backprop4j.nn.Identity}, {@link org.backprop4j.nn.ModuleSummary} (the layer table),
 * {@link org.backprop4j.nn.StateDictException}.
 * Containers for modules and parameters a model indexes itself, named in state dicts as PyTorch names them
 * ({@code layers.0.weight}, {@code heads.box.bias}, {@code scales.0}): {@link org.backprop4j.nn.ModuleList},
 * {@link org.backprop4j.nn.ModuleDict}, {@link org.backprop4j.nn.ParameterList},
 * {@link org.backprop4j.nn.ParameterDict}.
 *
 * <h2>Layers</h2>
 * <ul>
 * <li>Linear: {@link org.backprop4j.nn.Linear}, {@link org.backprop4j.nn.Bilinear}.</li>
 * <li>Convolution: {@link org.backprop4j.nn.Conv1d}, {@link org.backprop4j.nn.Conv2d},
 * {@link org.backprop4j.nn.Conv3d}, {@link org.backprop4j.nn.ConvTranspose1d},
 * {@link org.backprop4j.nn.ConvTranspose2d}, {@link org.backprop4j.nn.ConvTranspose3d} (settings in
 * {@link org.backprop4j.nn.ConvOptions}: one value or a tuple per dimension, padding modes),
 * {@link org.backprop4j.nn.Unfold}, {@link org.backprop4j.nn.Fold}.</li>
 * <li>Pooling: {@link org.backprop4j.nn.MaxPool1d}, {@link org.backprop4j.nn.MaxPool2d},
 * {@link org.backprop4j.nn.MaxPool3d}, {@link org.backprop4j.nn.MaxUnpool1d}, {@link org.backprop4j.nn.MaxUnpool2d},
 * {@link org.backprop4j.nn.MaxUnpool3d}, {@link org.backprop4j.nn.AvgPool1d}, {@link org.backprop4j.nn.AvgPool2d},
 * {@link org.backprop4j.nn.AvgPool3d} (settings in {@link org.backprop4j.nn.PoolOptions}: ceil mode, divisors),
 * {@link org.backprop4j.nn.AdaptiveMaxPool1d}, {@link org.backprop4j.nn.AdaptiveMaxPool2d},
 * {@link org.backprop4j.nn.AdaptiveMaxPool3d}, {@link org.backprop4j.nn.AdaptiveAvgPool1d},
 * {@link org.backprop4j.nn.AdaptiveAvgPool2d}, {@link org.backprop4j.nn.AdaptiveAvgPool3d},
 * {@link org.backprop4j.nn.LPPool1d}, {@link org.backprop4j.nn.LPPool2d} (power-average),
 * {@link org.backprop4j.nn.FractionalMaxPool2d}, {@link org.backprop4j.nn.FractionalMaxPool3d}.</li>
 * <li>Padding: {@link org.backprop4j.nn.ReflectionPad1d}, {@link org.backprop4j.nn.ReflectionPad2d},
 * {@link org.backprop4j.nn.ReflectionPad3d}, {@link org.backprop4j.nn.ReplicationPad1d},
 * {@link org.backprop4j.nn.ReplicationPad2d}, {@link org.backprop4j.nn.ReplicationPad3d},
 * {@link org.backprop4j.nn.ZeroPad1d}, {@link org.backprop4j.nn.ZeroPad2d}, {@link org.backprop4j.nn.ZeroPad3d},
 * {@link org.backprop4j.nn.ConstantPad1d}, {@link org.backprop4j.nn.ConstantPad2d},
 * {@link org.backprop4j.nn.ConstantPad3d}.</li>
 * <li>Normalization: {@link org.backprop4j.nn.BatchNorm1d}, {@link org.backprop4j.nn.BatchNorm2d},
 * {@link org.backprop4j.nn.BatchNorm3d}, {@link org.backprop4j.nn.InstanceNorm1d},
 * {@link org.backprop4j.nn.InstanceNorm2d}, {@link org.backprop4j.nn.InstanceNorm3d},
 * {@link org.backprop4j.nn.LayerNorm}, {@link org.backprop4j.nn.GroupNorm},
 * {@link org.backprop4j.nn.LocalResponseNorm}.</li>
 * <li>Vision: {@link org.backprop4j.nn.PixelShuffle}, {@link org.backprop4j.nn.PixelUnshuffle},
 * {@link org.backprop4j.nn.Upsample}, {@link org.backprop4j.nn.UpsamplingNearest2d},
 * {@link org.backprop4j.nn.UpsamplingBilinear2d},
 * {@link org.backprop4j.nn.ChannelShuffle}.</li>
 * <li>Parametrizations of a layer's weight ({@code torch.nn.utils.parametrizations}):
 * {@link org.backprop4j.nn.Parametrizations} ({@code weightNorm}, {@code spectralNorm}, {@code register},
 * {@code remove}) with {@link org.backprop4j.nn.WeightNorm}, {@link org.backprop4j.nn.SpectralNorm} or any
 * {@link org.backprop4j.nn.Parametrization}, held in a {@link org.backprop4j.nn.ParametrizationList}.</li>
 * <li>Dropout: {@link org.backprop4j.nn.Dropout}, {@link org.backprop4j.nn.Dropout1d},
 * {@link org.backprop4j.nn.Dropout2d}, {@link org.backprop4j.nn.Dropout3d} (whole channels),
 * {@link org.backprop4j.nn.AlphaDropout}, {@link org.backprop4j.nn.FeatureAlphaDropout} (for SELU networks).</li>
 * <li>Sparse: {@link org.backprop4j.nn.Embedding}, {@link org.backprop4j.nn.EmbeddingBag} (settings in
 * {@link org.backprop4j.nn.EmbeddingOptions}).</li>
 * <li>Recurrent: {@link org.backprop4j.nn.RNN}, {@link org.backprop4j.nn.LSTM}, {@link org.backprop4j.nn.GRU} and
 * their cells {@link org.backprop4j.nn.RNNCell}, {@link org.backprop4j.nn.LSTMCell},
 * {@link org.backprop4j.nn.GRUCell} (settings in {@link org.backprop4j.nn.RNNOptions}); variable-length batches as
 * {@link org.backprop4j.nn.PackedSequence} (PyTorch's {@code nn.utils.rnn}: pack, pad).</li>
 * <li>Attention and transformers: {@link org.backprop4j.nn.MultiheadAttention},
 * {@link org.backprop4j.nn.Transformer}, {@link org.backprop4j.nn.TransformerEncoder},
 * {@link org.backprop4j.nn.TransformerDecoder}, {@link org.backprop4j.nn.TransformerEncoderLayer},
 * {@link org.backprop4j.nn.TransformerDecoderLayer} (settings in {@link org.backprop4j.nn.AttentionOptions},
 * {@link org.backprop4j.nn.TransformerOptions}).</li>
 * <li>Shape: {@link org.backprop4j.nn.Flatten}, {@link org.backprop4j.nn.Unflatten}.</li>
 * <li>Activations (weighted sum, nonlinearity): {@link org.backprop4j.nn.ReLU}, {@link org.backprop4j.nn.LeakyReLU},
 * {@link org.backprop4j.nn.PReLU}, {@link org.backprop4j.nn.RReLU}, {@link org.backprop4j.nn.ELU},
 * {@link org.backprop4j.nn.CELU}, {@link org.backprop4j.nn.SELU}, {@link org.backprop4j.nn.GELU},
 * {@link org.backprop4j.nn.SiLU}, {@link org.backprop4j.nn.Mish}, {@link org.backprop4j.nn.Sigmoid},
 * {@link org.backprop4j.nn.LogSigmoid}, {@link org.backprop4j.nn.Hardsigmoid}, {@link org.backprop4j.nn.Tanh},
 * {@link org.backprop4j.nn.Hardtanh}, {@link org.backprop4j.nn.Hardswish}, {@link org.backprop4j.nn.Softplus},
 * {@link org.backprop4j.nn.Softsign}, {@link org.backprop4j.nn.Threshold}, {@link org.backprop4j.nn.GLU},
 * {@link org.backprop4j.nn.ReLU6}, {@link org.backprop4j.nn.Hardshrink}, {@link org.backprop4j.nn.Softshrink},
 * {@link org.backprop4j.nn.Tanhshrink}.</li>
 * <li>Activations (other): {@link org.backprop4j.nn.Softmax}, {@link org.backprop4j.nn.Softmin},
 * {@link org.backprop4j.nn.Softmax2d}, {@link org.backprop4j.nn.LogSoftmax},
 * {@link org.backprop4j.nn.AdaptiveLogSoftmaxWithLoss} (many classes: a head and clusters).</li>
 * <li>Distances: {@link org.backprop4j.nn.CosineSimilarity}, {@link org.backprop4j.nn.PairwiseDistance}.</li>
 * </ul>
 *
 * <h2>Losses</h2>
 * All take a reduction ({@code NONE}, {@code MEAN}, {@code SUM}); those of an input and a target extend
 * {@link org.backprop4j.nn.Loss}: regression {@link org.backprop4j.nn.MSELoss}, {@link org.backprop4j.nn.L1Loss},
 * {@link org.backprop4j.nn.SmoothL1Loss}, {@link org.backprop4j.nn.HuberLoss}; likelihoods
 * {@link org.backprop4j.nn.NLLLoss}, {@link org.backprop4j.nn.PoissonNLLLoss},
 * {@link org.backprop4j.nn.GaussianNLLLoss}, {@link org.backprop4j.nn.KLDivLoss}, {@link org.backprop4j.nn.CTCLoss};
 * classification
 * {@link org.backprop4j.nn.CrossEntropyLoss}, {@link org.backprop4j.nn.BCELoss},
 * {@link org.backprop4j.nn.BCEWithLogitsLoss}, {@link org.backprop4j.nn.SoftMarginLoss},
 * {@link org.backprop4j.nn.MultiMarginLoss}, {@link org.backprop4j.nn.MultiLabelMarginLoss},
 * {@link org.backprop4j.nn.MultiLabelSoftMarginLoss}; embeddings and ranking
 * {@link org.backprop4j.nn.CosineEmbeddingLoss}, {@link org.backprop4j.nn.HingeEmbeddingLoss},
 * {@link org.backprop4j.nn.MarginRankingLoss}, {@link org.backprop4j.nn.TripletMarginLoss},
 * {@link org.backprop4j.nn.TripletMarginWithDistanceLoss}.
 *
 * <h2>Training techniques</h2>
 * <ul>
 * <li>Memory: {@link org.backprop4j.nn.CheckpointedSequential} (gradient checkpointing, built on
 * {@code autograd.GradientCheckpoint}).</li>
 * <li>Transfer learning: {@code Module.requiresGrad(false)}, {@code trainableParameters()},
 * {@code loadStateDictPartial} ({@link org.backprop4j.nn.LoadReport}), {@link org.backprop4j.nn.FineTuning}
 * (replacing a head, learning-rate groups by submodule), {@link org.backprop4j.nn.Sequential#set}.</li>
 * <li>Meta-learning: {@link org.backprop4j.nn.FunctionalCall} ({@code module.functionalCall(tensors, x)}),
 * {@link org.backprop4j.nn.Maml}.</li>
 * <li>Robustness: {@link org.backprop4j.nn.Adversarial} (FGSM, PGD).</li>
 * <li>Non-differentiable steps: {@link org.backprop4j.nn.StraightThrough},
 * {@link org.backprop4j.nn.GumbelSoftmax}.</li>
 * </ul>
 *
 * <h2>Initialization</h2>
 * {@link org.backprop4j.nn.Init} (uniform, normal, Xavier/Glorot, Kaiming/He, orthogonal, constants) with PyTorch's
 * formulas; every layer's {@code resetParameters(Rng)} uses them.
 *
 * <h2>Where the work happens</h2>
 * Layers check their inputs (messages name the layer's dotted path and the shapes) and call the op families of
 * {@code org.backprop4j.ops}, where each op's forward sits beside its derivative rule; the loops those run are in
 * the array core's {@code internal} package.
 */
package org.backprop4j.nn;
