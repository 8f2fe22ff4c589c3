"""The greeter service in Python (grpcio), on the stubs `protowright generate` wrote to gen/python.

usage: python3 python/server.py [PORT]     (default 50051; 0 picks a free port)
"""
import concurrent.futures
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "gen" / "python"))

import grpc  # noqa: E402
from google.protobuf import timestamp_pb2  # noqa: E402
from greeter.v1 import greeter_pb2 as pb  # noqa: E402
from greeter.v1 import greeter_pb2_grpc as pb_grpc  # noqa: E402

GREETINGS = {pb.LANGUAGE_ENGLISH: "Hello, {}!", pb.LANGUAGE_FRENCH: "Bonjour, {} !"}


def greet(name, language=pb.LANGUAGE_ENGLISH):
    return GREETINGS.get(language, GREETINGS[pb.LANGUAGE_ENGLISH]).format(name)


class Greeter(pb_grpc.GreeterServiceServicer):
    def SayHello(self, request, context):
        if not request.name:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "name is required")
        created_at = timestamp_pb2.Timestamp()
        created_at.GetCurrentTime()
        return pb.SayHelloResponse(
            message=greet(request.name, request.language), created_at=created_at
        )

    def SayHelloMany(self, request_iterator, context):
        return pb.SayHelloManyResponse(messages=[greet(r.name) for r in request_iterator])

    def SayHelloEverywhere(self, request, context):
        for language in GREETINGS:
            yield pb.SayHelloEverywhereResponse(
                message=greet(request.name, language), language=language
            )

    def Chat(self, request_iterator, context):
        for request in request_iterator:
            yield pb.ChatResponse(text=f"python heard: {request.text}")


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 50051
    server = grpc.server(concurrent.futures.ThreadPoolExecutor(max_workers=4))
    pb_grpc.add_GreeterServiceServicer_to_server(Greeter(), server)
    port = server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    print(f"greeter (python) listening on 127.0.0.1:{port}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
