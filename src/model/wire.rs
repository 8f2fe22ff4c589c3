//! Reading and writing encoded protobuf messages field by field, for the transforms that edit
//! descriptors without decoding them (image encoding, managed mode, type filters): unknown fields
//! and custom options keep their bytes.

use prost::encoding::{decode_key, decode_varint, encode_key, encode_varint, WireType};

/// One field of an encoded message: its number and its complete bytes (key included).
pub struct WireField<'a> {
    pub number: u32,
    pub raw: &'a [u8],
    /// The payload of a length-delimited field.
    pub payload: Option<&'a [u8]>,
}

impl<'a> WireField<'a> {
    /// The payload of a length-delimited field; empty for other wire types.
    pub fn data(&self) -> &'a [u8] {
        self.payload.unwrap_or_default()
    }

    /// The value of a varint field; `None` for other wire types.
    pub fn varint(&self) -> Option<u64> {
        let mut buf = self.raw;
        match decode_key(&mut buf).ok()? {
            (_, WireType::Varint) => decode_varint(&mut buf).ok(),
            _ => None,
        }
    }
}

/// Splits an encoded message into its fields; `None` when it is not well-formed.
pub fn fields(message: &[u8]) -> Option<Vec<WireField<'_>>> {
    let mut out = Vec::new();
    let mut buf = message;
    while !buf.is_empty() {
        let start = message.len() - buf.len();
        let (number, wire_type) = decode_key(&mut buf).ok()?;
        let mut payload = None;
        match wire_type {
            WireType::Varint => {
                decode_varint(&mut buf).ok()?;
            }
            WireType::SixtyFourBit => buf = buf.get(8..)?,
            WireType::ThirtyTwoBit => buf = buf.get(4..)?,
            WireType::LengthDelimited => {
                let len = usize::try_from(decode_varint(&mut buf).ok()?).ok()?;
                payload = Some(buf.get(..len)?);
                buf = &buf[len..];
            }
            _ => return None,
        }
        let end = message.len() - buf.len();
        out.push(WireField {
            number,
            raw: &message[start..end],
            payload,
        });
    }
    Some(out)
}

/// Appends a length-delimited field.
pub fn write_bytes(number: u32, payload: &[u8], out: &mut Vec<u8>) {
    encode_key(number, WireType::LengthDelimited, out);
    encode_varint(payload.len() as u64, out);
    out.extend_from_slice(payload);
}
