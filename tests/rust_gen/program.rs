//! A program written against tonic-prost-build 0.14's generated API for
//! examples/greeter/proto, built once against protowright's output and (when protoc and
//! tonic-prost-build are available) once against tonic-prost-build's: client and server for the
//! four RPC kinds, run over 127.0.0.1.

use std::pin::Pin;

use proto::greeter::v1::{
    greeter_service_client::GreeterServiceClient,
    greeter_service_server::{self, GreeterService, GreeterServiceServer},
    ChatRequest, ChatResponse, Language, SayHelloEverywhereRequest, SayHelloEverywhereResponse,
    SayHelloManyRequest, SayHelloManyResponse, SayHelloRequest, SayHelloResponse,
};
use tokio_stream::{Stream, StreamExt};
use tonic::{server::NamedService, Request, Response, Status, Streaming};

type Boxed<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

#[derive(Default)]
struct Greeter;

#[tonic::async_trait]
impl GreeterService for Greeter {
    async fn say_hello(
        &self,
        request: Request<SayHelloRequest>,
    ) -> Result<Response<SayHelloResponse>, Status> {
        let r = request.into_inner();
        let greeting = match r.language() {
            Language::French => "Bonjour",
            _ => "Hello",
        };
        Ok(Response::new(SayHelloResponse {
            message: format!("{greeting}, {}!", r.name),
            created_at: Some(prost_types::Timestamp {
                seconds: 1,
                nanos: 2,
            }),
        }))
    }

    async fn say_hello_many(
        &self,
        request: Request<Streaming<SayHelloManyRequest>>,
    ) -> Result<Response<SayHelloManyResponse>, Status> {
        let mut stream = request.into_inner();
        let mut messages = Vec::new();
        while let Some(r) = stream.next().await {
            messages.push(format!("Hello, {}!", r?.name));
        }
        Ok(Response::new(SayHelloManyResponse { messages }))
    }

    type SayHelloEverywhereStream = Boxed<SayHelloEverywhereResponse>;

    async fn say_hello_everywhere(
        &self,
        request: Request<SayHelloEverywhereRequest>,
    ) -> Result<Response<Self::SayHelloEverywhereStream>, Status> {
        let name = request.into_inner().name;
        let replies = [
            (Language::English, "Hello"),
            (Language::French, "Bonjour"),
        ]
        .map(|(language, word)| {
            Ok(SayHelloEverywhereResponse {
                message: format!("{word}, {name}!"),
                language: language as i32,
            })
        });
        Ok(Response::new(Box::pin(tokio_stream::iter(replies))))
    }

    type ChatStream = Boxed<ChatResponse>;

    async fn chat(
        &self,
        request: Request<Streaming<ChatRequest>>,
    ) -> Result<Response<Self::ChatStream>, Status> {
        let stream = request.into_inner().map(|r| {
            r.map(|r| ChatResponse {
                text: format!("echo: {}", r.text),
            })
        });
        Ok(Response::new(Box::pin(stream)))
    }
}

fn interceptor(request: Request<()>) -> Result<Request<()>, Status> {
    Ok(request)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    assert_eq!(
        greeter_service_server::SERVICE_NAME,
        "greeter.v1.GreeterService"
    );
    assert_eq!(
        <GreeterServiceServer<Greeter> as NamedService>::NAME,
        "greeter.v1.GreeterService"
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = GreeterServiceServer::from_arc(std::sync::Arc::new(Greeter))
        .max_decoding_message_size(1 << 20)
        .max_encoding_message_size(1 << 20);
    let _also = GreeterServiceServer::with_interceptor(Greeter, interceptor);
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(server)
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener)),
    );

    let channel = tonic::transport::Endpoint::new(format!("http://{addr}"))?
        .connect()
        .await?;
    let mut client = GreeterServiceClient::with_interceptor(channel.clone(), interceptor)
        .max_decoding_message_size(1 << 20)
        .max_encoding_message_size(1 << 20);
    let _plain = GreeterServiceClient::new(channel.clone());
    let _origin = GreeterServiceClient::with_origin(channel, format!("http://{addr}").parse()?);
    let mut connected = GreeterServiceClient::connect(format!("http://{addr}")).await?;

    // Unary.
    let reply = connected
        .say_hello(SayHelloRequest {
            name: "Ada".into(),
            language: Language::French as i32,
        })
        .await?
        .into_inner();
    assert_eq!(reply.message, "Bonjour, Ada!");
    assert_eq!(reply.created_at.map(|t| (t.seconds, t.nanos)), Some((1, 2)));

    // Client streaming.
    let names = ["Ada", "Grace"].map(|n| SayHelloManyRequest { name: n.into() });
    let reply = client
        .say_hello_many(tokio_stream::iter(names))
        .await?
        .into_inner();
    assert_eq!(reply.messages, ["Hello, Ada!", "Hello, Grace!"]);

    // Server streaming.
    let mut stream = client
        .say_hello_everywhere(SayHelloEverywhereRequest { name: "Ada".into() })
        .await?
        .into_inner();
    let mut got = Vec::new();
    while let Some(r) = stream.message().await? {
        let language = r.language();
        got.push((r.message, language));
    }
    assert_eq!(
        got,
        [
            ("Hello, Ada!".to_string(), Language::English),
            ("Bonjour, Ada!".to_string(), Language::French)
        ]
    );

    // Bidirectional streaming.
    let lines = ["one", "two", "three"].map(|t| ChatRequest { text: t.into() });
    let mut stream = client.chat(tokio_stream::iter(lines)).await?.into_inner();
    let mut got = Vec::new();
    while let Some(r) = stream.next().await {
        got.push(r?.text);
    }
    assert_eq!(got, ["echo: one", "echo: two", "echo: three"]);

    println!("greeter program: 4/4 RPC kinds ok");
    Ok(())
}
