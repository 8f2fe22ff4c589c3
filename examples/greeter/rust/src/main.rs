//! The greeter service in Rust (tonic): the same replies as python/server.py, so the Go client
//! (../client) can call either.
//!
//! usage: cargo run -- [PORT]     (default 50052; 0 picks a free port)

use std::pin::Pin;

use tokio::sync::mpsc;
use tokio_stream::{wrappers::ReceiverStream, Stream};
use tonic::{transport::Server, Request, Response, Status, Streaming};

/// The stubs `protowright generate` wrote (buf.gen.yaml: protoc-gen-tonic, include_file=mod.rs).
#[allow(clippy::all)]
mod proto {
    include!("../../gen/rust/mod.rs");
}

use proto::greeter::v1::{
    greeter_service_server::{GreeterService, GreeterServiceServer},
    *,
};

fn greet(name: &str, language: Language) -> String {
    match language {
        Language::French => format!("Bonjour, {name} !"),
        _ => format!("Hello, {name}!"),
    }
}

type Stream_<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send>>;

struct Greeter;

#[tonic::async_trait]
impl GreeterService for Greeter {
    async fn say_hello(
        &self,
        request: Request<SayHelloRequest>,
    ) -> Result<Response<SayHelloResponse>, Status> {
        let request = request.into_inner();
        if request.name.is_empty() {
            return Err(Status::invalid_argument("name is required"));
        }
        Ok(Response::new(SayHelloResponse {
            message: greet(&request.name, request.language()),
            created_at: Some(std::time::SystemTime::now().into()),
        }))
    }

    async fn say_hello_many(
        &self,
        request: Request<Streaming<SayHelloManyRequest>>,
    ) -> Result<Response<SayHelloManyResponse>, Status> {
        let mut requests = request.into_inner();
        let mut messages = Vec::new();
        while let Some(request) = requests.message().await? {
            messages.push(greet(&request.name, Language::English));
        }
        Ok(Response::new(SayHelloManyResponse { messages }))
    }

    type SayHelloEverywhereStream = Stream_<SayHelloEverywhereResponse>;

    async fn say_hello_everywhere(
        &self,
        request: Request<SayHelloEverywhereRequest>,
    ) -> Result<Response<Self::SayHelloEverywhereStream>, Status> {
        let name = request.into_inner().name;
        let replies: Vec<_> = [Language::English, Language::French]
            .into_iter()
            .map(|language| {
                Ok(SayHelloEverywhereResponse {
                    message: greet(&name, language),
                    language: language as i32,
                })
            })
            .collect();
        Ok(Response::new(Box::pin(tokio_stream::iter(replies))))
    }

    type ChatStream = Stream_<ChatResponse>;

    async fn chat(
        &self,
        request: Request<Streaming<ChatRequest>>,
    ) -> Result<Response<Self::ChatStream>, Status> {
        let mut requests = request.into_inner();
        let (tx, rx) = mpsc::channel(4);
        tokio::spawn(async move {
            while let Ok(Some(request)) = requests.message().await {
                let reply = ChatResponse {
                    text: format!("rust heard: {}", request.text),
                };
                if tx.send(Ok(reply)).await.is_err() {
                    break;
                }
            }
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(rx))))
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port = std::env::args().nth(1).map_or(Ok(50052), |p| p.parse())?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("greeter (rust) listening on {}", listener.local_addr()?);
    Server::builder()
        .add_service(GreeterServiceServer::new(Greeter))
        .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener))
        .await?;
    Ok(())
}
