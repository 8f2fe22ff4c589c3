// A chat room in Go (grpc-go): every message a client sends is broadcast, numbered, to every
// connected client.
//
//	go run ./server [PORT]     (default 50053; 0 picks a free port)
package main

import (
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"sync"

	chatv1 "example.com/chat/gen/chat/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
)

type room struct {
	chatv1.UnimplementedChatServiceServer
	mu       sync.Mutex
	sequence int64
	members  map[chan *chatv1.ChatResponse]struct{}
}

func (r *room) join() chan *chatv1.ChatResponse {
	r.mu.Lock()
	defer r.mu.Unlock()
	ch := make(chan *chatv1.ChatResponse, 64)
	r.members[ch] = struct{}{}
	return ch
}

func (r *room) leave(ch chan *chatv1.ChatResponse) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.members, ch)
	close(ch)
}

func (r *room) broadcast(req *chatv1.ChatRequest) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sequence++
	msg := &chatv1.ChatResponse{User: req.GetUser(), Text: req.GetText(), Sequence: r.sequence, ReceivedAt: timestamppb.Now()}
	for ch := range r.members {
		select {
		case ch <- msg:
		default: // a member that does not read loses messages rather than stalling the room
		}
	}
}

func (r *room) Chat(stream grpc.BidiStreamingServer[chatv1.ChatRequest, chatv1.ChatResponse]) error {
	ch := r.join()
	defer r.leave(ch)
	errs := make(chan error, 1)
	go func() {
		for {
			req, err := stream.Recv()
			if err != nil {
				if err == io.EOF {
					err = nil
				}
				errs <- err
				return
			}
			if req.GetUser() == "" {
				errs <- status.Error(codes.InvalidArgument, "user is required")
				return
			}
			r.broadcast(req)
		}
	}()
	for {
		select {
		case msg := <-ch:
			if err := stream.Send(msg); err != nil {
				return err
			}
		case err := <-errs:
			return err
		}
	}
}

func main() {
	port := "50053"
	if len(os.Args) > 1 {
		port = os.Args[1]
	}
	lis, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		log.Fatal(err)
	}
	s := grpc.NewServer()
	chatv1.RegisterChatServiceServer(s, &room{members: map[chan *chatv1.ChatResponse]struct{}{}})
	fmt.Printf("chat (go) listening on %s\n", lis.Addr())
	log.Fatal(s.Serve(lis))
}
