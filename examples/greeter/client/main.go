// A Go client of the greeter service: calls all four RPC kinds and prints what comes back.
//
//	go run ./client [HOST:PORT] [NAME]     (default 127.0.0.1:50051 ada)
//
// Exits non-zero if a reply is not what the greeter contract promises, whichever language serves.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	greeterv1 "example.com/greeter/gen/greeter/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

func main() {
	target, name := "127.0.0.1:50051", "ada"
	if len(os.Args) > 1 {
		target = os.Args[1]
	}
	if len(os.Args) > 2 {
		name = os.Args[2]
	}
	conn, err := grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	client := greeterv1.NewGreeterServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	// Unary, in French.
	hello, err := client.SayHello(ctx, &greeterv1.SayHelloRequest{Name: name, Language: greeterv1.Language_LANGUAGE_FRENCH})
	must(err)
	expect(hello.GetMessage(), "Bonjour, "+name+" !")
	if time.Since(hello.GetCreatedAt().AsTime()) > time.Minute {
		log.Fatalf("created_at %v is not recent", hello.GetCreatedAt().AsTime())
	}
	fmt.Printf("SayHello: %s (at %s)\n", hello.GetMessage(), hello.GetCreatedAt().AsTime().Format(time.RFC3339))

	// A status code with its message.
	_, err = client.SayHello(ctx, &greeterv1.SayHelloRequest{})
	if status.Code(err) != codes.InvalidArgument {
		log.Fatalf("SayHello without a name: want InvalidArgument, got %v", err)
	}
	fmt.Printf("SayHello without a name: %s\n", status.Convert(err).Message())

	// Client streaming.
	many, err := client.SayHelloMany(ctx)
	must(err)
	names := []string{name, "grace", "linus"}
	for _, n := range names {
		must(many.Send(&greeterv1.SayHelloManyRequest{Name: n}))
	}
	all, err := many.CloseAndRecv()
	must(err)
	expect(fmt.Sprint(len(all.GetMessages())), fmt.Sprint(len(names)))
	for i, n := range names {
		expect(all.GetMessages()[i], "Hello, "+n+"!")
	}
	fmt.Printf("SayHelloMany: %q\n", all.GetMessages())

	// Server streaming.
	everywhere, err := client.SayHelloEverywhere(ctx, &greeterv1.SayHelloEverywhereRequest{Name: name})
	must(err)
	var got []string
	for {
		reply, err := everywhere.Recv()
		if err == io.EOF {
			break
		}
		must(err)
		got = append(got, fmt.Sprintf("%s=%s", reply.GetLanguage(), reply.GetMessage()))
	}
	expect(fmt.Sprint(got), fmt.Sprintf("[LANGUAGE_ENGLISH=Hello, %s! LANGUAGE_FRENCH=Bonjour, %s !]", name, name))
	fmt.Printf("SayHelloEverywhere: %q\n", got)

	// Bidirectional streaming, in lockstep.
	chat, err := client.Chat(ctx)
	must(err)
	for _, text := range []string{"hi", "how are you?"} {
		must(chat.Send(&greeterv1.ChatRequest{Text: text}))
		reply, err := chat.Recv()
		must(err)
		fmt.Printf("Chat: %s\n", reply.GetText())
		if reply.GetText() == "" || reply.GetText()[len(reply.GetText())-len(text):] != text {
			log.Fatalf("Chat: reply %q does not end with %q", reply.GetText(), text)
		}
	}
	must(chat.CloseSend())
	if _, err := chat.Recv(); err != io.EOF {
		log.Fatalf("Chat: want end of stream, got %v", err)
	}
	fmt.Println("all four RPC kinds ok")
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func expect(got, want string) {
	if got != want {
		log.Fatalf("got %q, want %q", got, want)
	}
}
