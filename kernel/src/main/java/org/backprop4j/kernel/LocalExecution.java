package org.backprop4j.kernel;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.FieldModel;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets in the kernel's own JVM, on the thread that called {@code JShell.eval}, so cell results stay live
 * objects the display hooks can render. Each result object is kept under a key, which JShell receives as the
 * snippet's "value" and {@link #take} trades back for the object. Snippet bytecode gets {@link StopCheck#check()}
 * woven in at method entries and before backward branches (as the JDK's own local execution does with its stop
 * flag), and {@link #interrupt} interrupts the running thread only while user code runs, never during compilation,
 * where an interrupt could close the class path's file channels.
 */
final class LocalExecution extends DirectExecutionControl {
    private static final ClassDesc STOP_CHECK = ClassDesc.of(StopCheck.class.getName());
    static final String KEY_PREFIX = "@backprop4j-value#";

    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final AtomicLong nextKey = new AtomicLong();
    private final Object lock = new Object();
    private Thread userThread;
    private volatile Throwable lastThrown;

    /** The class holding each of JShell's expression variables ({@code $12} -> {@code REPL.$JShell$40}). */
    private final Map<String, String> tempVarClasses = new ConcurrentHashMap<>();

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException,
            EngineTerminationException {
        for (ClassBytecodes c : classes) {
            for (FieldModel f : ClassFile.of().parse(c.bytecodes()).fields()) {
                if (f.flags().has(AccessFlag.STATIC) && f.fieldName().stringValue().matches("\\$\\d+")) {
                    tempVarClasses.put(f.fieldName().stringValue(), c.name());
                }
            }
        }
        super.load(Stream.of(classes).map(c -> new ClassBytecodes(c.name(), weave(c.bytecodes())))
                .toArray(ClassBytecodes[]::new));
    }

    /**
     * Sets JShell's expression variable {@code name} ({@code $12}) to null, so the value it held can be collected
     * (JShell keeps a dropped variable's class and its static field). False if no loaded class holds it.
     */
    boolean release(String name) {
        String className = tempVarClasses.remove(name);
        if (className == null) {
            return false;
        }
        try {
            Field f = findClass(className).getDeclaredField(name);
            if (!f.getType().isPrimitive()) {
                f.setAccessible(true);
                f.set(null, null);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    static byte[] weave(byte[] classFile) {
        ClassFile cf = ClassFile.of();
        return cf.transformClass(cf.parse(classFile),
                ClassTransform.transformingMethodBodies(CodeTransform.ofStateful(StopCheckWeaver::new)));
    }

    private static final MethodTypeDesc INT_TO_VOID = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int);
    private static final MethodTypeDesc RUNTIME_INT_TO_VOID = MethodTypeDesc.of(ConstantDescs.CD_void,
            ClassDesc.of("java.lang.Runtime"), ConstantDescs.CD_int);

    /**
     * Inserts a stop check at the start of each method and before each jump back to an earlier label, and turns
     * calls of {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} into calls that throw.
     */
    private static final class StopCheckWeaver implements CodeTransform {
        private final Set<Label> seen = new HashSet<>();

        @Override
        public void atStart(CodeBuilder builder) {
            builder.invokestatic(STOP_CHECK, "check", ConstantDescs.MTD_void);
        }

        @Override
        public void accept(CodeBuilder builder, CodeElement element) {
            switch (element) {
                case LabelTarget target -> seen.add(target.label());
                case BranchInstruction branch when seen.contains(branch.target()) ->
                        builder.invokestatic(STOP_CHECK, "check", ConstantDescs.MTD_void);
                case InvokeInstruction call when endsTheJvm(call) -> {
                    if (call.opcode() == Opcode.INVOKESTATIC) {
                        builder.invokestatic(STOP_CHECK, "exit", INT_TO_VOID);
                    } else {
                        builder.invokestatic(STOP_CHECK, call.name().equalsString("halt") ? "runtimeHalt"
                                : "runtimeExit", RUNTIME_INT_TO_VOID);
                    }
                    return;
                }
                default -> { }
            }
            builder.with(element);
        }
    }

    private static boolean endsTheJvm(InvokeInstruction call) {
        String owner = call.owner().asInternalName();
        String name = call.name().stringValue();
        String type = call.type().stringValue();
        return type.equals("(I)V") && (owner.equals("java/lang/System") && name.equals("exit")
                && call.opcode() == Opcode.INVOKESTATIC
                || owner.equals("java/lang/Runtime") && (name.equals("exit") || name.equals("halt"))
                && call.opcode() == Opcode.INVOKEVIRTUAL);
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        lastThrown = null;
        Object value;
        try {
            value = doitMethod.invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof StopCheck.CellInterruptedError) {
                throw new StoppedException();
            }
            lastThrown = e.getCause();
            throw e;
        }
        String key = KEY_PREFIX + nextKey.incrementAndGet();
        results.put(key, value == null ? NULL : value);
        return key;
    }

    private static final Object NULL = new Object();

    /** The object JShell reported as {@code value}; null (and not found) for anything else. Removes it. */
    Object take(String key) {
        if (key == null || !key.startsWith(KEY_PREFIX)) {
            return null;
        }
        Object v = results.remove(key);
        return v == NULL ? null : v;
    }

    boolean holds(String key) {
        return key != null && results.containsKey(key);
    }

    /** Forgets the values nobody took (results of snippets before a cell's last), so they can be collected. */
    void forgetResults() {
        results.clear();
    }

    /** The exception the last snippet threw, as thrown (JShell only passes on a copy of its name and trace). */
    Throwable lastThrown() {
        return lastThrown;
    }

    @Override
    protected void clientCodeEnter() {
        synchronized (lock) {
            userThread = Thread.currentThread();
        }
    }

    @Override
    protected void clientCodeLeave() {
        synchronized (lock) {
            userThread = null;
            Thread.interrupted();   // no interrupt may reach javac, which compiles the next snippet on this thread
        }
    }

    /** Interrupts the thread running user code, if any runs now. */
    void interrupt() {
        synchronized (lock) {
            if (userThread != null) {
                userThread.interrupt();
            }
        }
    }

    @Override
    public void stop() {
        StopCheck.request();
        interrupt();
    }

    /** Hands JShell this instance. */
    static ExecutionControlProvider provider(LocalExecution instance) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "backprop4j-local";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return instance;
            }
        };
    }
}
