"""A backprop4j kernel started through jupyter_client, with helpers that run a cell and collect what it sent."""
import os
import queue
import time

from jupyter_client.manager import KernelManager

KERNEL_NAME = "backprop4j"


class CellRun:
    """What one execute_request produced: the reply and the iopub messages (with arrival times)."""

    def __init__(self, reply, messages, started):
        self.reply = reply
        self.messages = messages
        self.started = started

    @property
    def status(self):
        return self.reply["content"]["status"]

    def of_type(self, msg_type):
        return [m for m in self.messages if m["msg_type"] == msg_type]

    def result(self):
        results = self.of_type("execute_result")
        return results[-1]["content"]["data"] if results else None

    def stdout(self):
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == "stdout")

    def stderr(self):
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == "stderr")

    def error(self):
        errors = self.of_type("error")
        return errors[-1]["content"] if errors else None


class Kernel:
    def __init__(self, log_name="kernel.log", env=None):
        """Starts a kernel whose output goes to log_name in the test folder; env adds environment variables."""
        work = os.environ["BACKPROP4J_TEST_WORK"]
        self.log_path = os.path.join(work, log_name)
        self._log = open(self.log_path, "wb")
        self.km = KernelManager(kernel_name=KERNEL_NAME)
        self.started = time.monotonic()
        self.km.start_kernel(stdout=self._log, stderr=self._log, env=dict(os.environ, **(env or {})))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.ready = time.monotonic()

    def execute(self, code, timeout=120):
        started = time.monotonic()
        msg_id = self.kc.execute(code)
        return self.wait_for(msg_id, started, timeout)

    def wait_for(self, msg_id, started, timeout=120):
        deadline = time.monotonic() + timeout
        messages = []
        while True:
            m = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            m["arrived"] = time.monotonic()
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
            messages.append(m)
        reply = self.shell_reply(msg_id, deadline)
        return CellRun(reply, messages, started)

    def shell_reply(self, msg_id, deadline):
        while True:
            r = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if r["parent_header"].get("msg_id") == msg_id:
                r["arrived"] = time.monotonic()
                return r

    def request(self, send, timeout=30):
        """Sends a shell request (send is a kc method call returning the msg id) and returns its reply."""
        msg_id = send()
        return self.shell_reply(msg_id, time.monotonic() + timeout)

    def interrupt(self, timeout=10):
        """Sends interrupt_request on the control channel (interrupt_mode is message) and waits for its reply."""
        msg = self.kc.session.msg("interrupt_request", {})
        self.kc.control_channel.send(msg)
        deadline = time.monotonic() + timeout
        while True:
            reply = self.kc.get_control_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                return reply

    @property
    def pid(self):
        return self.km.provisioner.process.pid

    def log(self):
        self._log.flush()
        with open(self.log_path, "r", errors="replace") as f:
            return f.read()

    def shutdown(self):
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=False)
        finally:
            self._log.close()


def drain(getter, seconds):
    """Every message getter yields within the given time (None when there is none)."""
    got = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            got.append(getter(timeout=max(0.05, deadline - time.monotonic())))
        except queue.Empty:
            break
    return got
