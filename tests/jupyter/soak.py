"""A long session in one kernel: a mix of cells a person runs (trivial ones, tensors, charts, errors, interrupts),
with the kernel's resident memory sampled as it goes. Used by test_soak (a short run with a bound on growth) and
benchmarks/kernel_soak.py (the full 1,000 cells, with figures)."""
import time

# One round of ten cells and the status each must end with; {r} (the round) makes names and values differ.
ROUND = [
    ("1 + 1", "ok"),
    ("int v{r} = {r};", "ok"),
    ("var t{r} = Tensor.randn(Rng.seeded({r}), 64, 64); t{r}.matmul(t{r}.t()).tanh().sum()", "ok"),
    ('String s{r} = "cell " + {r}; s{r}.length()', "ok"),
    ("Tensor.randn(Rng.seeded({r}), 8, 8)", "ok"),
    ('Plots.line("loss {r}", new double[] {{3, 2, 1.5, {r} % 7}})', "ok"),
    ("v{r} * 2", "ok"),
    ('throw new IllegalStateException("error in round {r}")', "error"),
    ("Tensor.ones(2, 3).matmul(Tensor.ones(2, 3))", "error"),
    ("INTERRUPT", "error"),
]
INTERRUPTED = '{ System.out.println("started"); Thread.sleep(60_000); }'


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS for %d" % pid)


def run_cell(kernel, code):
    """Runs one cell of the mix; returns its status ('ok' or 'error'), raising if the kernel stops answering."""
    if code != "INTERRUPT":
        return kernel.execute(code, timeout=120).status
    started = time.monotonic()
    msg_id = kernel.kc.execute(INTERRUPTED)
    while True:
        m = kernel.kc.get_iopub_msg(timeout=60)
        if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream"
                and "started" in m["content"]["text"]):
            break
    kernel.km.interrupt_kernel()
    return kernel.wait_for(msg_id, started, timeout=60).status


def soak(kernel, cells, every=100, sample=None):
    """Runs cells of the mix; calls sample(cells_done, rss_mb) at the start and every `every` cells. Returns the
    samples and the count of unexpected statuses (errors where none was due, or the reverse)."""
    samples = [(0, rss_mb(kernel.pid))]
    if sample:
        sample(*samples[-1])
    wrong = 0
    for n in range(cells):
        code, expected = ROUND[n % len(ROUND)]
        wrong += run_cell(kernel, code.format(r=n // len(ROUND))) != expected
        if (n + 1) % every == 0:
            samples.append((n + 1, rss_mb(kernel.pid)))
            if sample:
                sample(*samples[-1])
    return samples, wrong
