package org.backprop4j.kernel;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jshell.SourceCodeAnalysis;
import org.backprop4j.display.Display;
import org.backprop4j.display.MimeBundle;
import org.backprop4j.train.Trainer;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

/**
 * The Jupyter kernel: cells run on {@link CellEvaluator}'s worker thread while the shell thread waits, so an
 * interrupt (on the control channel) reaches the cell and never the sockets; results and {@code display(...)}
 * calls go through {@link Display} and become Jupyter display data.
 */
public final class JavaKernel extends BaseKernel {
    static final String NAME = "backprop4j";
    private static volatile JavaKernel current;

    private final KernelIO kernelIO;
    private final CellOutput output;
    private final CellEvaluator evaluator;
    private final Magics magics;
    private final History history;
    private volatile ShellReplyEnvironment lastEnv;
    private volatile boolean cellRunning;
    /** Set once the kernel itself ends (shutdown request, client gone): then no exit notice is sent. */
    private volatile boolean ending;

    JavaKernel(CellEvaluator evaluator, Magics magics, History history, CellOutput output) {
        this(evaluator, magics, history, output, new KernelIO());
    }

    private JavaKernel(CellEvaluator evaluator, Magics magics, History history, CellOutput output, KernelIO io) {
        super(NAME, version(), languageInfo(),
                List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/"
                        + Runtime.version().feature() + "/docs/api/")),
                history, io, new CommManager(), new Renderer(), null, null, false, new StringStyler.Builder().build());
        this.kernelIO = io;
        this.output = output;
        this.evaluator = evaluator;
        this.magics = magics;
        this.history = history;
    }

    static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    private static String version() {
        String v = JavaKernel.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The running kernel. @throws IllegalStateException outside a notebook */
    static JavaKernel current() {
        JavaKernel k = current;
        if (k == null) {
            throw new IllegalStateException("no notebook kernel is running in this JVM; in plain Java use "
                    + "Display.save(value, path) to write a value's picture or HTML to a file");
        }
        return k;
    }

    /** Cells print into {@link CellOutput} from now on, for the life of the kernel (also threads they start). */
    @Override
    public void onStartup() {
        current = this;
        System.setOut(output.stdout);
        System.setErr(output.stderr);
        Trainer.setDefaultProgress(NotebookProgress::new);   // trainers show a live display instead of a console bar
    }

    /** The kernel is ending on its own account; its own System.exit is no cell's doing. */
    void ending() {
        ending = true;
    }

    /**
     * Code a running cell called is ending the JVM (library code's System.exit; cell code's own calls throw
     * instead): the cell gets an error that says so and its reply, so the client hears why the kernel died.
     */
    void exiting(int status) {
        ShellReplyEnvironment env = lastEnv;
        if (ending || !cellRunning || env == null) {
            return;
        }
        try {
            output.finishCell();
            String message = "Runtime.exit(" + status + ") was called by code this cell ran, so the kernel process "
                    + "ends now and its variables are lost; Jupyter starts a new kernel";
            List<String> trace = List.of(Tracebacks.RED + Tracebacks.BOLD + "SystemExit" + Tracebacks.RESET + ": "
                    + message);
            env.publish(new PublishError("SystemExit", message, trace));
            ErrorReply error = new ErrorReply("SystemExit", message, trace);
            error.setExecutionCount(Math.max(1, executionCount.get() - 1));
            env.replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
            env.setStatusIdle();
        } catch (RuntimeException e) {
            // the sockets may be gone already; the process exits either way
        }
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        ending = true;
        current = null;
        Trainer.setDefaultProgress(null);
        evaluator.close();
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        boolean store = request.shouldStoreHistory() && !request.isSilent();
        int count = store ? executionCount.getAndIncrement() : Math.max(1, executionCount.get() - 1);
        String code = request.getCode();

        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(code, count));
        output.startCell((type, text) -> env.publish(new PublishStream(type, text)));
        InputStream stdin = System.in;
        System.setIn(kernelIO.in);
        kernelIO.attach(env, request.isStdinEnabled());
        env.defer(() -> {
            kernelIO.detach(env);
            System.setIn(stdin);
        });
        lastEnv = env;

        String label = "cell [" + count + "]";
        try {
            Object value;
            cellRunning = true;
            try {
                value = run(code, label);
            } finally {
                cellRunning = false;
            }
            output.finishCell();
            String shown = null;
            if (value != CellEvaluator.NO_VALUE && value != null && !request.isSilent()) {
                MimeBundle bundle = render(value);
                env.publish(new PublishExecuteResult(count, toDisplayData(bundle)));
                shown = bundle.plainText();
            }
            if (store) {
                history.add(count, code, shown);
            }
            env.defer().reply(new ExecuteReply(count, Map.of()));
        } catch (CellException e) {
            output.finishCell();
            if (store) {
                history.add(count, code, null);
            }
            env.publish(new PublishError(e.name(), e.getMessage(), e.traceback()));
            ErrorReply error = new ErrorReply(e.name(), e.getMessage(), e.traceback());
            error.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
        }
    }

    /** Runs a cell on the worker thread, waiting for it; every failure comes back as a {@link CellException}. */
    private Object run(String code, String label) throws CellException {
        Object[] result = new Object[1];
        CellException[] failure = new CellException[1];
        try {
            evaluator.onWorker(() -> {
                evaluator.resetStop();
                try {
                    result[0] = magics.run(code, label);
                } catch (CellException e) {
                    failure[0] = e;
                } catch (StopCheck.CellInterruptedError e) {
                    failure[0] = CellException.interrupted();
                } finally {
                    System.out.flush();
                    System.err.flush();
                }
                return null;
            });
        } catch (RuntimeException | Error e) {   // the kernel itself failed (JShell, a magic): show, don't die
            throw CellException.runtime("KernelError", String.valueOf(e.getMessage()), javaTrace(e));
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return result[0];
    }

    /** A value's bundle; a renderer that fails shows as a cell error naming the value's type. */
    private static MimeBundle render(Object value) throws CellException {
        try {
            return Display.bundle(value);
        } catch (RuntimeException e) {
            throw CellException.runtime("DisplayError", "showing a " + value.getClass().getName() + " failed: "
                    + e.getMessage(), javaTrace(e));
        }
    }

    private static List<String> javaTrace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return List.of(w.toString().split("\n"));
    }

    private void flush() {
        output.flush();
    }

    static DisplayData toDisplayData(MimeBundle bundle) {
        DisplayData d = new DisplayData();
        for (String type : bundle.mimeTypes()) {
            d.putData(type, bundle.jupyterContent(type));
            Map<String, Object> meta = bundle.metadata(type);
            if (!meta.isEmpty()) {
                d.putMetaData(type, meta);
            }
        }
        return d;
    }

    /** Shows {@code value} as a new output of the running (or last) cell; a non-null id allows later updates. */
    void show(Object value, String displayId) {
        DisplayData data = toDisplayData(Display.bundle(value));
        if (displayId != null) {
            data.setDisplayId(displayId);
        }
        flush();
        environment("display").publish(new PublishDisplayData(data));
    }

    /** Replaces every output shown under {@code displayId}, in any cell. */
    void update(String displayId, Object value) {
        DisplayData data = toDisplayData(Display.bundle(value));
        data.setDisplayId(displayId);
        flush();
        environment("updateDisplay").publish(new PublishUpdateDisplayData(data));
    }

    void clear(boolean wait) {
        flush();
        environment("clearOutput").publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
    }

    private ShellReplyEnvironment environment(String op) {
        ShellReplyEnvironment env = lastEnv;
        if (env == null) {
            throw new IllegalStateException(op + ": no cell has run yet");
        }
        return env;
    }

    /**
     * Answers history requests with entries as Jupyter's lists ({@code [session, line, input]} or
     * {@code [session, line, [input, output]]}); jjava's own reply would send them as JSON objects.
     */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries = switch (request) {
            case HistoryRequest.Tail tail -> history.lookupTail(tail.getMaxReturnLength(), flags);
            case HistoryRequest.Range range -> history.lookupRange(range.getSessionIndex(), range.getStart(),
                    range.getStop(), flags);
            case HistoryRequest.Search search -> {
                if (search.filterUnique()) {
                    flags.add(HistoryManager.ResultFlag.UNIQUE);
                }
                yield history.search(search.getPattern(), search.getMaxReturnLength(), flags);
            }
            default -> List.of();
        };
        List<List<Object>> rows = new ArrayList<>();
        for (HistoryEntry e : entries) {
            rows.add(List.of(e.getSession(), e.getCellNumber(),
                    e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput()));
        }
        env.reply(new Message(env.getContext(), MessageType.HISTORY_REPLY, new HistoryContent("ok", rows)));
    }

    /** The content of a history_reply as Gson writes it. */
    record HistoryContent(String status, List<List<Object>> history) {
    }

    @Override
    public Object evalRaw(String source) {
        try {
            Object v = run(source, "eval");
            return v == CellEvaluator.NO_VALUE ? null : v;
        } catch (CellException e) {
            throw new IllegalStateException(e.name() + ": " + e.getMessage());
        }
    }

    /**
     * Signatures and Javadoc of what the cursor is on. JShell documents a call only with the cursor inside its
     * parentheses, so a cursor on a method name is moved there (or a "(" is supplied); a toolkit class name shows
     * the class's Javadoc. Toolkit Javadoc comes from the sources bundled in the kernel jar.
     */
    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<SourceCodeAnalysis.Documentation> docs = evaluator.documentation(code, at, true);
        int start = at;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        int end = at;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        if (docs.isEmpty() && end > start) {
            int next = end;
            while (next < code.length() && Character.isWhitespace(code.charAt(next))) {
                next++;
            }
            docs = next < code.length() && code.charAt(next) == '('
                    ? evaluator.documentation(code, next + 1, true)
                    : evaluator.documentation(code.substring(0, end) + "(", end + 1, true);
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            String javadoc = d.javadoc() != null ? ToolkitJavadoc.clean(d.javadoc())
                    : ToolkitJavadoc.lookup(d.signature());
            append(text, d.signature(), javadoc, extraDetail);
        }
        if (text.isEmpty() && end > start) {
            String name = code.substring(start, end);
            String javadoc = ToolkitJavadoc.forClass(name);
            if (javadoc != null) {
                append(text, name, javadoc, extraDetail);
            }
        }
        return text.isEmpty() ? null : new DisplayData(text.toString());
    }

    private static void append(StringBuilder text, String signature, String javadoc, boolean full) {
        if (!text.isEmpty()) {
            text.append("\n\n");
        }
        text.append(Tracebacks.BOLD).append(signature).append(Tracebacks.RESET);
        if (javadoc != null && !javadoc.isBlank()) {
            text.append('\n').append(full ? javadoc : ToolkitJavadoc.summary(javadoc));
        }
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        CellEvaluator.Completions c = evaluator.complete(code, at);
        return new ReplacementOptions(c.matches(), c.start(), c.end());
    }

    @Override
    public String isComplete(String code) {
        List<String> javaLines = new ArrayList<>();
        for (String line : code.split("\n", -1)) {
            if (!Magics.isMagicLine(line)) {
                javaLines.add(line);
            }
        }
        String java = String.join("\n", javaLines);
        if (java.isBlank()) {
            return IS_COMPLETE_YES;
        }
        String verdict;
        try {
            verdict = evaluator.isComplete(java);
        } catch (StackOverflowError e) {
            return IS_COMPLETE_MAYBE;   // nested too deep for JShell's analysis; running it will say what is wrong
        }
        return switch (verdict) {
            case "complete" -> IS_COMPLETE_YES;
            case "invalid" -> IS_COMPLETE_BAD;
            default -> {
                String last = javaLines.getLast();
                String indent = last.substring(0, last.length() - last.stripLeading().length());
                String trimmed = last.strip();
                yield trimmed.endsWith("{") || trimmed.endsWith("(") ? indent + "    " : indent;
            }
        };
    }

    /** Stops the running cell; between cells an interrupt does nothing (it must not stop the next one). */
    @Override
    public void interrupt() {
        if (cellRunning) {
            evaluator.interrupt();
        }
    }

    /** The imports every new session starts with. */
    List<String> defaultImports() {
        return evaluator.imports();
    }
}
