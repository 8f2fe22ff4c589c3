// Go side of the interop matrix (grpc-go + protowright's generated code).
//
//	interop server                      prints "LISTENING <port>", serves on 127.0.0.1
//	interop client HOST:PORT SERVER     prints one JSON object: check -> "ok" or the problem
//
// The contract (sample, derive, control, metadata) is in tests/interop/README.md and implemented
// alike in Python and Rust.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	pb "example.com/interop/gen/interop/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"
)

const language = "go"

// A deviation we know and accept: once the deadline has passed, the server's end of the call can
// reach the client before its own timer fires: CANCELLED (a tonic server answers CANCELLED
// "Timeout expired") instead of DEADLINE_EXCEEDED.
const lateDeadline = "CANCELLED from the server at the deadline, before the client's own timer"

// known is a check result that is a known, accepted deviation (reported as "known: ...").
type known struct{ what string }

func (k known) Error() string { return k.what }

func pt(x, y int32, c pb.Color) *pb.Rich_Point { return &pb.Rich_Point{X: x, Y: y, Color: c} }

func sample(i int) *pb.Rich {
	n := int32(i)
	r := &pb.Rich{
		Name:       fmt.Sprintf("rich-%d h\u00e9llo \u2713", i),
		Id:         9007199254740993 + int64(i),
		Big:        18446744073709551615 - uint64(i),
		Score:      1.5 + float64(i),
		Ratio:      0.25 * float32(i+1),
		Flag:       i%2 == 0,
		Payload:    []byte{0, 1, 127, 128, 255, byte(i)},
		Color:      []pb.Color{pb.Color_COLOR_RED, pb.Color_COLOR_GREEN, pb.Color_COLOR_BLUE}[i%3],
		Shape:      []pb.Rich_Shape{pb.Rich_SHAPE_CIRCLE, pb.Rich_SHAPE_SQUARE}[i%2],
		Point:      pt(-n-1, n, pb.Color_COLOR_BLUE),
		Points:     []*pb.Rich_Point{pt(1, 2, pb.Color_COLOR_RED), pt(-3, -4-n, pb.Color_COLOR_GREEN)},
		Numbers:    []int32{n, -1, 1 << 30, -(1 << 31)},
		Tags:       []string{"alpha", fmt.Sprintf("beta-%d", i), ""},
		Counts:     map[string]int64{"one": 1, "big": (1 << 40) + int64(i), "neg": -7},
		PointsById: map[int32]*pb.Rich_Point{7: pt(7, n, 0), -3: pt(-3, 0, pb.Color_COLOR_RED)},
		CreatedAt:  &timestamppb.Timestamp{Seconds: 1_700_000_000 + int64(i), Nanos: 123_456_789},
		Checksum:   0xFEDCBA9876543210 + uint64(i),
		Palette:    []pb.Color{pb.Color_COLOR_BLUE, pb.Color_COLOR_UNSPECIFIED, pb.Color_COLOR_RED},
	}
	switch i % 3 {
	case 0:
		r.Choice = &pb.Rich_Text{Text: fmt.Sprintf("text-%d", i)}
	case 1:
		r.Choice = &pb.Rich_Number{Number: -(1 << 40) - int64(i)}
	default:
		r.Choice = &pb.Rich_Location{Location: pt(n, -n, pb.Color_COLOR_GREEN)}
	}
	if i%2 == 0 {
		r.Maybe = proto.Int32(0)
	}
	return r
}

func derive(rich *pb.Rich, k int) *pb.Rich {
	r := proto.Clone(rich).(*pb.Rich)
	r.Name = fmt.Sprintf("%s/%d", rich.Name, k)
	r.Id = rich.Id + int64(k)
	r.Flag = !rich.Flag
	r.Payload = slices.Clone(rich.Payload)
	slices.Reverse(r.Payload)
	r.Numbers = append(r.Numbers, int32(k))
	if rich.Maybe != nil {
		r.Maybe = proto.Int32(*rich.Maybe + int32(k))
	}
	if r.CreatedAt == nil {
		r.CreatedAt = &timestamppb.Timestamp{}
	}
	r.CreatedAt.Seconds = rich.GetCreatedAt().GetSeconds() + int64(k)
	if r.Point == nil {
		r.Point = &pb.Rich_Point{}
	}
	r.Point.X, r.Point.Y = rich.GetPoint().GetY(), rich.GetPoint().GetX()
	return r
}

// diff compares field by field and returns the names of the fields that differ.
func diff(got, want proto.Message) []string {
	g, w := got.ProtoReflect(), want.ProtoReflect()
	var out []string
	fields := w.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if g.Has(fd) != w.Has(fd) {
			out = append(out, fmt.Sprintf("%s (presence %v != %v)", fd.Name(), g.Has(fd), w.Has(fd)))
			continue
		}
		if !g.Has(fd) {
			continue
		}
		if fd.Kind() == protoreflect.MessageKind && !fd.IsList() && !fd.IsMap() {
			for _, d := range diff(g.Get(fd).Message().Interface(), w.Get(fd).Message().Interface()) {
				out = append(out, fmt.Sprintf("%s.%s", fd.Name(), d))
			}
			continue
		}
		a, b := g.New(), w.New()
		a.Set(fd, g.Get(fd))
		b.Set(fd, w.Get(fd))
		if !proto.Equal(a.Interface(), b.Interface()) {
			out = append(out, fmt.Sprintf("%s (%v != %v)", fd.Name(), g.Get(fd), w.Get(fd)))
		}
	}
	return out
}

type service struct {
	pb.UnimplementedInteropServiceServer
}

func control(ctx context.Context, c *pb.Control) error {
	if c.GetDelayMs() > 0 {
		select {
		case <-time.After(time.Duration(c.GetDelayMs()) * time.Millisecond):
		case <-ctx.Done():
			return status.FromContextError(ctx.Err()).Err()
		}
	}
	if c.GetErrorCode() != 0 {
		return status.Error(codes.Code(c.GetErrorCode()), c.GetErrorMessage())
	}
	return nil
}

func first(md metadata.MD, key, missing string) string {
	if v := md.Get(key); len(v) > 0 {
		return v[0]
	}
	return missing
}

func (service) Unary(ctx context.Context, req *pb.EchoRequest) (*pb.EchoResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	if err := grpc.SetHeader(ctx, metadata.Pairs(
		"x-interop-echo", first(md, "x-interop-client", "missing"),
		"x-interop-echo-bin", first(md, "x-interop-bin", "missing"),
	)); err != nil {
		return nil, err
	}
	if err := grpc.SetTrailer(ctx, metadata.Pairs("x-interop-server", language)); err != nil {
		return nil, err
	}
	if err := control(ctx, req.GetControl()); err != nil {
		return nil, err
	}
	return &pb.EchoResponse{Rich: derive(req.GetRich(), 1), Server: language}, nil
}

func (service) ClientStream(stream grpc.ClientStreamingServer[pb.EchoRequest, pb.EchoResponse]) error {
	var reqs []*pb.EchoRequest
	for {
		req, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		reqs = append(reqs, req)
	}
	if len(reqs) == 0 {
		return status.Error(codes.InvalidArgument, "no requests")
	}
	rich := derive(reqs[0].GetRich(), len(reqs))
	rich.Tags = nil
	for _, r := range reqs {
		rich.Tags = append(rich.Tags, r.GetRich().GetName())
	}
	return stream.SendAndClose(&pb.EchoResponse{Rich: rich, Server: language})
}

func (service) ServerStream(req *pb.EchoRequest, stream grpc.ServerStreamingServer[pb.EchoResponse]) error {
	if err := control(stream.Context(), req.GetControl()); err != nil {
		return err
	}
	for k := 1; k <= 3; k++ {
		if err := stream.Send(&pb.EchoResponse{Rich: derive(req.GetRich(), k), Server: language}); err != nil {
			return err
		}
	}
	return nil
}

func (service) BidiStream(stream grpc.BidiStreamingServer[pb.EchoRequest, pb.EchoResponse]) error {
	for n := 1; ; n++ {
		req, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := stream.Send(&pb.EchoResponse{Rich: derive(req.GetRich(), n), Server: language}); err != nil {
			return err
		}
	}
}

func serve() error {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s := grpc.NewServer()
	pb.RegisterInteropServiceServer(s, service{})
	fmt.Printf("LISTENING %d\n", lis.Addr().(*net.TCPAddr).Port)
	return s.Serve(lis)
}

func check(resp *pb.EchoResponse, want *pb.Rich, server string) error {
	problems := diff(resp.GetRich(), want)
	if resp.GetServer() != server {
		problems = append(problems, fmt.Sprintf("server %q != %q", resp.GetServer(), server))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func client(target, server string) error {
	conn, err := grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	c := pb.NewInteropServiceClient(conn)
	timeout := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.Background(), 20*time.Second)
	}
	checks := []struct {
		name string
		run  func() error
	}{
		{"unary", func() error {
			ctx, cancel := timeout()
			defer cancel()
			resp, err := c.Unary(ctx, &pb.EchoRequest{Rich: sample(1)})
			if err != nil {
				return err
			}
			return check(resp, derive(sample(1), 1), server)
		}},
		{"client_stream", func() error {
			ctx, cancel := timeout()
			defer cancel()
			stream, err := c.ClientStream(ctx)
			if err != nil {
				return err
			}
			want := derive(sample(0), 3)
			want.Tags = nil
			for i := 0; i < 3; i++ {
				if err := stream.Send(&pb.EchoRequest{Rich: sample(i)}); err != nil {
					return err
				}
				want.Tags = append(want.Tags, sample(i).Name)
			}
			resp, err := stream.CloseAndRecv()
			if err != nil {
				return err
			}
			return check(resp, want, server)
		}},
		{"server_stream", func() error {
			ctx, cancel := timeout()
			defer cancel()
			stream, err := c.ServerStream(ctx, &pb.EchoRequest{Rich: sample(2)})
			if err != nil {
				return err
			}
			k := 0
			for {
				resp, err := stream.Recv()
				if err == io.EOF {
					break
				}
				if err != nil {
					return err
				}
				k++
				if err := check(resp, derive(sample(2), k), server); err != nil {
					return fmt.Errorf("response %d: %w", k, err)
				}
			}
			if k != 3 {
				return fmt.Errorf("%d responses, want 3", k)
			}
			return nil
		}},
		{"bidi_stream", func() error {
			ctx, cancel := timeout()
			defer cancel()
			stream, err := c.BidiStream(ctx)
			if err != nil {
				return err
			}
			for i := 0; i < 4; i++ { // lockstep: the next request only after the reply
				if err := stream.Send(&pb.EchoRequest{Rich: sample(i)}); err != nil {
					return err
				}
				resp, err := stream.Recv()
				if err != nil {
					return err
				}
				if err := check(resp, derive(sample(i), i+1), server); err != nil {
					return fmt.Errorf("response %d: %w", i+1, err)
				}
			}
			if err := stream.CloseSend(); err != nil {
				return err
			}
			if _, err := stream.Recv(); err != io.EOF {
				return fmt.Errorf("want end of stream, got %v", err)
			}
			return nil
		}},
		{"error", func() error {
			ctx, cancel := timeout()
			defer cancel()
			_, err := c.Unary(ctx, &pb.EchoRequest{Rich: sample(0), Control: &pb.Control{ErrorCode: 9, ErrorMessage: "interop: refused"}})
			st := status.Convert(err)
			if err == nil || st.Code() != codes.FailedPrecondition || st.Message() != "interop: refused" {
				return fmt.Errorf("got %v %q", st.Code(), st.Message())
			}
			return nil
		}},
		{"metadata", func() error {
			ctx, cancel := timeout()
			defer cancel()
			ctx = metadata.AppendToOutgoingContext(ctx, "x-interop-client", language+"-client", "x-interop-bin", "\x00\xff\x01")
			var header, trailer metadata.MD
			resp, err := c.Unary(ctx, &pb.EchoRequest{Rich: sample(1)}, grpc.Header(&header), grpc.Trailer(&trailer))
			if err != nil {
				return err
			}
			if err := check(resp, derive(sample(1), 1), server); err != nil {
				return err
			}
			if v := first(header, "x-interop-echo", ""); v != language+"-client" {
				return fmt.Errorf("header x-interop-echo = %q", v)
			}
			if v := first(header, "x-interop-echo-bin", ""); v != "\x00\xff\x01" {
				return fmt.Errorf("header x-interop-echo-bin = %q", v)
			}
			if v := first(trailer, "x-interop-server", ""); v != server {
				return fmt.Errorf("trailer x-interop-server = %q", v)
			}
			return nil
		}},
		{"deadline", func() error {
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			started := time.Now()
			_, err := c.Unary(ctx, &pb.EchoRequest{Rich: sample(0), Control: &pb.Control{DelayMs: 2000}})
			if err == nil {
				return errors.New("no error")
			}
			if time.Since(started) > 1500*time.Millisecond {
				return errors.New("deadline not enforced promptly")
			}
			st := status.Convert(err)
			if st.Code() == codes.Canceled && time.Since(started) >= 200*time.Millisecond {
				return known{lateDeadline}
			}
			if st.Code() != codes.DeadlineExceeded {
				return fmt.Errorf("got %v %q", st.Code(), st.Message())
			}
			return nil
		}},
	}
	results := map[string]string{}
	for _, ch := range checks {
		var k known
		if err := ch.run(); errors.As(err, &k) {
			results[ch.name] = "known: " + k.what
		} else if err != nil {
			results[ch.name] = err.Error()
		} else {
			results[ch.name] = "ok"
		}
	}
	out, err := json.Marshal(results)
	if err != nil {
		return err
	}
	fmt.Println(string(out))
	return nil
}

func main() {
	var err error
	switch {
	case len(os.Args) == 2 && os.Args[1] == "server":
		err = serve()
	case len(os.Args) == 4 && os.Args[1] == "client":
		err = client(os.Args[2], os.Args[3])
	default:
		err = errors.New("usage: interop server | interop client HOST:PORT SERVER_LANGUAGE")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "interop:", err)
		os.Exit(1)
	}
}
