"""A UDP link that loses chosen datagrams, for testing recovery by retransmission: it listens on a
port of its own, sends what a peer sends it on to the target, and what the target sends back to the
peer it last heard from. Each drop rule loses the first datagram that matches it, once."""
import socket
import threading


class LossyLink:
    def __init__(self, target_port, drops):
        """`drops`: (direction, first-line prefix) pairs; direction "in" is towards the target,
        "out" back to the peer."""
        self.target = ("127.0.0.1", target_port)
        self.pending = list(drops)
        self.dropped = []
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.peer = None
        self.running = True
        self.thread = threading.Thread(target=self._relay, daemon=True)
        self.thread.start()

    def _relay(self):
        while self.running:
            try:
                data, source = self.socket.recvfrom(65535)
            except socket.timeout:
                continue
            except OSError:
                return
            direction = "out" if source == self.target else "in"
            if direction == "in":
                self.peer = source
            first_line = data.split(b"\r\n", 1)[0].decode(errors="replace")
            rule = next((r for r in self.pending if r[0] == direction and first_line.startswith(r[1])), None)
            if rule:
                self.pending.remove(rule)
                self.dropped.append((direction, first_line))
                continue
            destination = self.target if direction == "in" else self.peer
            if destination:
                self.socket.sendto(data, destination)

    def close(self):
        self.running = False
        self.thread.join(timeout=2)
        self.socket.close()
