"""Python side of the interop matrix (grpcio + protowright's generated modules).

usage: peer.py GEN_DIR server
       peer.py GEN_DIR client HOST:PORT SERVER_LANGUAGE
The server prints `LISTENING <port>` once bound to 127.0.0.1 on a free port; the client prints one
JSON object: check name -> "ok" or what went wrong. The contract (sample, derive, control,
metadata) is described in tests/interop/README.md and implemented alike in Go and Rust.
"""
import concurrent.futures
import json
import queue
import sys
import time

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from interop.v1 import interop_pb2 as pb  # noqa: E402
from interop.v1 import interop_pb2_grpc as pb_grpc  # noqa: E402

LANGUAGE = "python"
Point = pb.Rich.Point
# A deviation we know and accept: once the deadline has passed, the server's end of the call can
# reach the client before its own timer fires: CANCELLED (a tonic server answers CANCELLED
# "Timeout expired"; grpc-go resets the stream) instead of DEADLINE_EXCEEDED.
LATE_DEADLINE = "CANCELLED from the server at the deadline, before the client's own timer"


def sample(i):
    r = pb.Rich(
        name=f"rich-{i} h\u00e9llo \u2713",
        id=9007199254740993 + i,
        big=18446744073709551615 - i,
        score=1.5 + i,
        ratio=0.25 * (i + 1),
        flag=i % 2 == 0,
        payload=bytes([0, 1, 127, 128, 255, i]),
        color=[pb.COLOR_RED, pb.COLOR_GREEN, pb.COLOR_BLUE][i % 3],
        shape=[pb.Rich.SHAPE_CIRCLE, pb.Rich.SHAPE_SQUARE][i % 2],
        point=Point(x=-i - 1, y=i, color=pb.COLOR_BLUE),
        points=[Point(x=1, y=2, color=pb.COLOR_RED), Point(x=-3, y=-4 - i, color=pb.COLOR_GREEN)],
        numbers=[i, -1, 1 << 30, -(1 << 31)],
        tags=["alpha", f"beta-{i}", ""],
        counts={"one": 1, "big": (1 << 40) + i, "neg": -7},
        points_by_id={7: Point(x=7, y=i), -3: Point(x=-3, color=pb.COLOR_RED)},
        checksum=0xFEDCBA9876543210 + i,
        palette=[pb.COLOR_BLUE, pb.COLOR_UNSPECIFIED, pb.COLOR_RED],
    )
    if i % 3 == 0:
        r.text = f"text-{i}"
    elif i % 3 == 1:
        r.number = -(1 << 40) - i
    else:
        r.location.CopyFrom(Point(x=i, y=-i, color=pb.COLOR_GREEN))
    if i % 2 == 0:
        r.maybe = 0
    r.created_at.seconds = 1_700_000_000 + i
    r.created_at.nanos = 123_456_789
    return r


def derive(rich, k):
    r = pb.Rich()
    r.CopyFrom(rich)
    r.name = f"{rich.name}/{k}"
    r.id = rich.id + k
    r.flag = not rich.flag
    r.payload = bytes(reversed(rich.payload))
    r.numbers.append(k)
    if rich.HasField("maybe"):
        r.maybe = rich.maybe + k
    r.created_at.seconds = rich.created_at.seconds + k
    r.point.x, r.point.y = rich.point.y, rich.point.x
    return r


def diff(got, want, prefix=""):
    """Field-by-field comparison; returns the paths that differ."""
    out = []
    for field in want.DESCRIPTOR.fields:
        repeated = field.is_repeated if hasattr(field, "is_repeated") else field.label == 3
        path = prefix + field.name
        if field.has_presence and got.HasField(field.name) != want.HasField(field.name):
            out.append(f"{path} (presence)")
            continue
        a, b = getattr(got, field.name), getattr(want, field.name)
        if field.message_type is not None and not field.message_type.GetOptions().map_entry:
            if repeated:
                if len(a) != len(b):
                    out.append(f"{path} (length {len(a)} != {len(b)})")
                else:
                    for n, (x, y) in enumerate(zip(a, b)):
                        out += diff(x, y, f"{path}[{n}].")
            elif want.HasField(field.name):
                out += diff(a, b, path + ".")
        elif field.message_type is not None:  # map
            if dict(a) != dict(b):
                out.append(path)
        elif list(a) != list(b) if repeated else a != b:
            out.append(f"{path} ({a!r} != {b!r})")
    return out


class Service(pb_grpc.InteropServiceServicer):
    def _control(self, request, context):
        c = request.control
        if c.delay_ms:
            time.sleep(c.delay_ms / 1000)
        if c.error_code:
            context.abort(grpc.StatusCode(_code(c.error_code)), c.error_message)

    def Unary(self, request, context):
        md = dict(context.invocation_metadata())
        context.send_initial_metadata(
            [
                ("x-interop-echo", md.get("x-interop-client", "missing")),
                ("x-interop-echo-bin", md.get("x-interop-bin", b"missing")),
            ]
        )
        context.set_trailing_metadata([("x-interop-server", LANGUAGE)])
        self._control(request, context)
        return pb.EchoResponse(rich=derive(request.rich, 1), server=LANGUAGE)

    def ClientStream(self, request_iterator, context):
        requests = list(request_iterator)
        if not requests:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "no requests")
        rich = derive(requests[0].rich, len(requests))
        del rich.tags[:]
        rich.tags.extend(r.rich.name for r in requests)
        return pb.EchoResponse(rich=rich, server=LANGUAGE)

    def ServerStream(self, request, context):
        self._control(request, context)
        for k in (1, 2, 3):
            yield pb.EchoResponse(rich=derive(request.rich, k), server=LANGUAGE)

    def BidiStream(self, request_iterator, context):
        for n, request in enumerate(request_iterator):
            yield pb.EchoResponse(rich=derive(request.rich, n + 1), server=LANGUAGE)


def _code(value):
    for code in grpc.StatusCode:
        if code.value[0] == value:
            return code.value
    raise ValueError(value)


def serve():
    server = grpc.server(concurrent.futures.ThreadPoolExecutor(max_workers=8))
    pb_grpc.add_InteropServiceServicer_to_server(Service(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(f"LISTENING {port}", flush=True)
    server.wait_for_termination()


def check_response(response, want, server):
    problems = diff(response.rich, want)
    if response.server != server:
        problems.append(f"server {response.server!r} != {server!r}")
    if problems:
        raise AssertionError("; ".join(problems))


def run_client(target, server):
    channel = grpc.insecure_channel(target)
    stub = pb_grpc.InteropServiceStub(channel)
    timeout = 20

    def unary():
        response = stub.Unary(pb.EchoRequest(rich=sample(1)), timeout=timeout)
        check_response(response, derive(sample(1), 1), server)

    def client_stream():
        requests = [pb.EchoRequest(rich=sample(i)) for i in range(3)]
        response = stub.ClientStream(iter(requests), timeout=timeout)
        want = derive(sample(0), 3)
        del want.tags[:]
        want.tags.extend(sample(i).name for i in range(3))
        check_response(response, want, server)

    def server_stream():
        responses = list(stub.ServerStream(pb.EchoRequest(rich=sample(2)), timeout=timeout))
        if len(responses) != 3:
            raise AssertionError(f"{len(responses)} responses, want 3")
        for k, response in enumerate(responses, 1):
            check_response(response, derive(sample(2), k), server)

    def bidi_stream():
        outbox = queue.Queue()

        def requests():
            while (item := outbox.get()) is not None:
                yield item

        outbox.put(pb.EchoRequest(rich=sample(0)))
        responses = stub.BidiStream(requests(), timeout=timeout)
        count = 0
        for response in responses:  # lockstep: the next request only after the reply
            check_response(response, derive(sample(count), count + 1), server)
            count += 1
            outbox.put(pb.EchoRequest(rich=sample(count)) if count < 4 else None)
        if count != 4:
            raise AssertionError(f"{count} responses, want 4")

    def error():
        request = pb.EchoRequest(
            rich=sample(0), control=pb.Control(error_code=9, error_message="interop: refused")
        )
        try:
            stub.Unary(request, timeout=timeout)
        except grpc.RpcError as err:
            if err.code() != grpc.StatusCode.FAILED_PRECONDITION or err.details() != "interop: refused":
                raise AssertionError(f"got {err.code()} {err.details()!r}") from None
            return
        raise AssertionError("no error")

    def metadata():
        response, call = stub.Unary.with_call(
            pb.EchoRequest(rich=sample(1)),
            timeout=timeout,
            metadata=[("x-interop-client", f"{LANGUAGE}-client"), ("x-interop-bin", b"\x00\xff\x01")],
        )
        check_response(response, derive(sample(1), 1), server)
        header = dict(call.initial_metadata())
        trailer = dict(call.trailing_metadata())
        if header.get("x-interop-echo") != f"{LANGUAGE}-client":
            raise AssertionError(f"header x-interop-echo = {header.get('x-interop-echo')!r}")
        if header.get("x-interop-echo-bin") != b"\x00\xff\x01":
            raise AssertionError(f"header x-interop-echo-bin = {header.get('x-interop-echo-bin')!r}")
        if trailer.get("x-interop-server") != server:
            raise AssertionError(f"trailer x-interop-server = {trailer.get('x-interop-server')!r}")

    def deadline():
        request = pb.EchoRequest(rich=sample(0), control=pb.Control(delay_ms=2000))
        started = time.monotonic()
        try:
            stub.Unary(request, timeout=0.2)
        except grpc.RpcError as err:
            if time.monotonic() - started > 1.5:
                raise AssertionError("deadline not enforced promptly") from None
            if err.code() == grpc.StatusCode.CANCELLED and time.monotonic() - started >= 0.2:
                return "known: " + LATE_DEADLINE
            if err.code() != grpc.StatusCode.DEADLINE_EXCEEDED:
                raise AssertionError(f"got {err.code()} {err.details()!r}") from None
            return
        raise AssertionError("no error")

    checks = {
        "unary": unary,
        "client_stream": client_stream,
        "server_stream": server_stream,
        "bidi_stream": bidi_stream,
        "error": error,
        "metadata": metadata,
        "deadline": deadline,
    }
    results = {}
    for name, check in checks.items():
        try:
            results[name] = check() or "ok"
        except Exception as err:  # report, keep going
            results[name] = f"{type(err).__name__}: {err}"
    channel.close()
    print(json.dumps(results), flush=True)


if __name__ == "__main__":
    if sys.argv[2] == "server":
        serve()
    else:
        run_client(sys.argv[3], sys.argv[4])
