//! Reading an encoded FileDescriptorProto: sub-messages, options and their offsets.

use prost::encoding::{decode_key, decode_varint, WireType};

use crate::codegen::escape;

/// Payloads of every length-delimited occurrence of field `number` in an encoded message.
pub(super) fn payloads(message: &[u8], number: u32) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut buf = message;
    while !buf.is_empty() {
        let Ok((n, wt)) = decode_key(&mut buf) else {
            break;
        };
        match wt {
            WireType::Varint => {
                if decode_varint(&mut buf).is_err() {
                    break;
                }
            }
            WireType::SixtyFourBit => buf = buf.get(8..).unwrap_or_default(),
            WireType::ThirtyTwoBit => buf = buf.get(4..).unwrap_or_default(),
            WireType::LengthDelimited => {
                let Ok(len) = decode_varint(&mut buf) else {
                    break;
                };
                let len = len as usize;
                if len > buf.len() {
                    break;
                }
                if n == number {
                    out.push(&buf[..len]);
                }
                buf = &buf[len..];
            }
            _ => break,
        }
    }
    out
}

/// The `options` of an encoded element, escaped as protoc prints them; `None` when empty.
pub(super) fn options_value(element: &[u8], options_field: u32) -> Option<String> {
    payloads(element, options_field)
        .last()
        .filter(|o| !o.is_empty())
        .map(|o| format!("b'{}'", escape::c_escape(o)))
}

/// The first occurrence of `needle` in `haystack` (protoc's `std::string::find`).
pub(super) fn find(haystack: &[u8], needle: &[u8]) -> usize {
    memchr::memmem::find(haystack, needle).unwrap_or(0)
}
