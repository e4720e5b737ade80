package org.backprop4j.optim;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;

/**
 * The golden file {@code golden/optim_golden.json}, made by {@code golden/make_optim_golden.py} with PyTorch 1.13
 * (see the script for what each section holds), and the translation of PyTorch's optimizer settings into ours.
 */
public final class OptimGolden {
    private OptimGolden() {
    }

    public record Values(int[] shape, double[] values) {
        public Tensor tensor(DType dtype) {
            return Tensor.of(dtype, values).reshape(shape);
        }
    }

    public record Group(List<String> params, JsonObject options) {
    }

    public record Trajectory(String name, String dtype, String problem, String optimizer, boolean sparse,
            boolean maximizeObjective, List<Group> groups, List<String> params, Map<String, Values> init,
            Map<String, Values> data, List<List<double[]>> trajectory) {
    }

    public record Exact(String name, String dtype, String optimizer, List<Group> groups, List<String> params,
            Map<String, Values> init, List<List<double[]>> grads, List<List<double[]>> trajectory,
            Map<String, JsonObject> state) {
    }

    public record LongStep(int maxIter, int maxEval, double[] x, long nIter, long funcEvals, double loss) {
    }

    public record Lbfgs(String name, JsonObject options, Map<String, Values> data, double[] x0,
            List<double[]> iterates, LongStep longStep) {
    }

    public record Schedule(String name, String optimizer, List<double[]> lrs, List<double[]> momentum,
            double[] epochs, double[] metrics) {
    }

    public record ClipCase(String kind, double maxNorm, JsonElement normType, double totalNorm, double clipValue,
            List<Values> clipped) {
    }

    public record Clipping(List<Values> grads, List<ClipCase> cases) {
    }

    public record File(String generator, String torchVersion, Clipping clipping, List<Trajectory> trajectories,
            List<Exact> exact, List<Lbfgs> lbfgs, List<Schedule> schedules) {
    }

    public static final File GOLDEN = load();

    private static File load() {
        Gson gson = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();
        try (InputStream in = OptimGolden.class.getResourceAsStream("/golden/optim_golden.json")) {
            if (in == null) {
                throw new IllegalStateException("golden/optim_golden.json is missing from the test resources; "
                        + "run toolkit/src/test/resources/golden/make_optim_golden.py with PyTorch");
            }
            return gson.fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), File.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The optimizer PyTorch's {@code torch.optim.<type>(groups, **options[0])} makes: each group with its PyTorch
     * settings, unset ones taken from the first group's.
     */
    public static PerParameterOptimizer<?, ?> optimizer(String type, List<List<Tensor>> groups,
            List<JsonObject> options) {
        return switch (type) {
            case "SGD" -> build(new SGD(groups.get(0), sgd(options.get(0))), groups, options, OptimGolden::sgd);
            case "RMSprop" -> build(new RMSprop(groups.get(0), rmsprop(options.get(0))), groups, options,
                    OptimGolden::rmsprop);
            case "Adagrad" -> build(new Adagrad(groups.get(0), adagrad(options.get(0))), groups, options,
                    OptimGolden::adagrad);
            case "Adam" -> build(new Adam(groups.get(0), adam(options.get(0))), groups, options, OptimGolden::adam);
            case "AdamW" -> build(new AdamW(groups.get(0), adamW(options.get(0))), groups, options,
                    OptimGolden::adamW);
            default -> throw new IllegalArgumentException("no optimizer " + type);
        };
    }

    private static <H extends Hyperparameters<H>, O extends PerParameterOptimizer<H, ?>> O build(O first,
            List<List<Tensor>> groups, List<JsonObject> options, java.util.function.Function<JsonObject, H> parse) {
        for (int i = 1; i < groups.size(); i++) {
            // as the script makes them: settings a group leaves out come from the constructor's, the first group's
            JsonObject merged = options.get(0).deepCopy();
            options.get(i).entrySet().forEach(e -> merged.add(e.getKey(), e.getValue()));
            first.addParamGroup(groups.get(i), parse.apply(merged));
        }
        return first;
    }

    private static double num(JsonObject o, String key, double fallback) {
        return o.has(key) ? o.get(key).getAsDouble() : fallback;
    }

    private static boolean flag(JsonObject o, String key, boolean fallback) {
        return o.has(key) ? o.get(key).getAsBoolean() : fallback;
    }

    private static double[] betas(JsonObject o, double b1, double b2) {
        return o.has("betas") ? new double[] {o.getAsJsonArray("betas").get(0).getAsDouble(),
                o.getAsJsonArray("betas").get(1).getAsDouble()} : new double[] {b1, b2};
    }

    static SGD.Options sgd(JsonObject o) {
        SGD.Options d = SGD.Options.DEFAULT;
        return new SGD.Options(num(o, "lr", d.lr()), num(o, "momentum", d.momentum()),
                num(o, "dampening", d.dampening()), num(o, "weight_decay", d.weightDecay()),
                flag(o, "nesterov", d.nesterov()), flag(o, "maximize", d.maximize()));
    }

    static RMSprop.Options rmsprop(JsonObject o) {
        RMSprop.Options d = RMSprop.Options.DEFAULT;
        return new RMSprop.Options(num(o, "lr", d.lr()), num(o, "alpha", d.alpha()), num(o, "eps", d.eps()),
                num(o, "weight_decay", d.weightDecay()), num(o, "momentum", d.momentum()),
                flag(o, "centered", d.centered()), flag(o, "maximize", d.maximize()));
    }

    static Adagrad.Options adagrad(JsonObject o) {
        Adagrad.Options d = Adagrad.Options.DEFAULT;
        return new Adagrad.Options(num(o, "lr", d.lr()), num(o, "lr_decay", d.lrDecay()),
                num(o, "weight_decay", d.weightDecay()),
                num(o, "initial_accumulator_value", d.initialAccumulatorValue()), num(o, "eps", d.eps()),
                flag(o, "maximize", d.maximize()));
    }

    static Adam.Options adam(JsonObject o) {
        Adam.Options d = Adam.Options.DEFAULT;
        double[] b = betas(o, d.beta1(), d.beta2());
        return new Adam.Options(num(o, "lr", d.lr()), b[0], b[1], num(o, "eps", d.eps()),
                num(o, "weight_decay", d.weightDecay()), flag(o, "amsgrad", d.amsgrad()),
                flag(o, "maximize", d.maximize()));
    }

    static Adam.Options adamW(JsonObject o) {
        Adam.Options d = AdamW.Options.DEFAULT;
        double[] b = betas(o, d.beta1(), d.beta2());
        return new Adam.Options(num(o, "lr", d.lr()), b[0], b[1], num(o, "eps", d.eps()),
                num(o, "weight_decay", d.weightDecay()), flag(o, "amsgrad", d.amsgrad()),
                flag(o, "maximize", d.maximize()), true);
    }

    /** The L-BFGS settings PyTorch's {@code torch.optim.LBFGS(**options)} has. */
    public static LBFGS.Options lbfgs(JsonObject o) {
        LBFGS.Options d = LBFGS.Options.DEFAULT;
        int maxIter = o.has("max_iter") ? o.get("max_iter").getAsInt() : d.maxIter();
        return new LBFGS.Options(num(o, "lr", d.lr()), maxIter,
                o.has("max_eval") ? o.get("max_eval").getAsInt() : maxIter * 5 / 4,
                num(o, "tolerance_grad", d.toleranceGrad()), num(o, "tolerance_change", d.toleranceChange()),
                o.has("history_size") ? o.get("history_size").getAsInt() : d.historySize(),
                o.has("line_search_fn") && o.get("line_search_fn").getAsString().equals("strong_wolfe")
                        ? LBFGS.LineSearch.STRONG_WOLFE : LBFGS.LineSearch.NONE);
    }

    /** True when {@code |actual - expected| <= atol + rtol |expected|} everywhere. */
    public static boolean close(double[] actual, double[] expected, double rtol, double atol) {
        if (actual.length != expected.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]))) {
                return false;
            }
        }
        return true;
    }

    /** The largest {@code |actual - expected| / (atol + rtol |expected|)}, for failure messages. */
    public static double worst(double[] actual, double[] expected, double rtol, double atol) {
        double w = 0;
        for (int i = 0; i < Math.min(actual.length, expected.length); i++) {
            w = Math.max(w, Math.abs(actual[i] - expected[i]) / (atol + rtol * Math.abs(expected[i])));
        }
        return w;
    }

    static List<JsonObject> options(List<Group> groups) {
        List<JsonObject> out = new ArrayList<>();
        for (Group g : groups) {
            out.add(g.options());
        }
        return out;
    }
}
