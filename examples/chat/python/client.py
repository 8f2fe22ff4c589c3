"""A Python chat client (grpcio): sends each line, prints every message the room broadcasts.

usage: python3 python/client.py [HOST:PORT] [USER] [LINE...]   (default 127.0.0.1:50053 ada)

Sends in lockstep (the next line once the room has broadcast the previous one back) and checks
what comes back: the same text, from the same user, with increasing sequence numbers.
"""
import pathlib
import queue
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "gen" / "python"))

import grpc  # noqa: E402
from chat.v1 import chat_pb2 as pb  # noqa: E402
from chat.v1 import chat_pb2_grpc as pb_grpc  # noqa: E402


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:50053"
    user = sys.argv[2] if len(sys.argv) > 2 else "ada"
    lines = sys.argv[3:] or ["hello from python", "streaming both ways", "bye"]
    outbox = queue.Queue()

    def requests():
        while (text := outbox.get()) is not None:
            yield pb.ChatRequest(user=user, text=text)

    with grpc.insecure_channel(target) as channel:
        stub = pb_grpc.ChatServiceStub(channel)
        outbox.put(lines[0])
        pending = list(lines)
        last = 0
        for message in stub.Chat(requests(), timeout=30):
            print(f"[{message.sequence}] {message.user}: {message.text}", flush=True)
            if message.sequence <= last:
                sys.exit(f"sequence went from {last} to {message.sequence}")
            last = message.sequence
            if message.user != user:
                continue  # someone else in the room
            if message.text != pending[0]:
                sys.exit(f"got {message.text!r}, want {pending[0]!r}")
            pending.pop(0)
            outbox.put(pending[0] if pending else None)
            if not pending:
                break
    print(f"chat ok: {len(lines)} messages sent and received")


if __name__ == "__main__":
    main()
