//! The exchange file (docs/exchange.md, "The file"): a line naming the format, a one-line JSON header
//! readable without the passphrase (format version, kind, delegation, conference, sending laptop, the
//! range of changes), then an age file encrypted with the delegation's passphrase (scrypt recipient).
//! Inside it the same header again, so a header changed on the way is noticed, then the payload: the
//! changes, or the whole conference for a copy. age authenticates every 64 KiB chunk and the end, so a
//! truncated or altered file is refused before anything is read from it, let alone applied.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use age::secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::merge::Change;
use crate::store::Passphrase;
use crate::{Error, Result};

/// The first line of every exchange file.
pub const MAGIC: &[u8] = b"DELEGATION-DESK-EXCHANGE\n";
/// The format version this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
/// The header line's largest size.
const MAX_HEADER: usize = 64 * 1024;
/// The largest scrypt work factor accepted on reading (2^22: a few seconds on a slow laptop); a file
/// asking for more is refused rather than left to take hours.
const MAX_WORK_FACTOR: u8 = 22;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// The whole conference, for a laptop to join the delegation.
    Copy,
    /// Changes.
    Changes,
}

/// The header, readable before the passphrase is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub version: u32,
    pub kind: FileKind,
    pub delegation: String,
    pub conference_id: i64,
    pub conference: String,
    pub laptop: String,
    pub laptop_name: String,
    /// Per origin laptop, the first and last sequence numbers of the changes inside.
    pub changes: BTreeMap<String, (i64, i64)>,
    /// What the sending laptop held: per origin, every change up to this number.
    pub holds: BTreeMap<String, i64>,
    /// The names of the laptops the sender knows, by id.
    pub names: BTreeMap<String, String>,
    pub made_at: String,
}

/// Writes `header` and `payload` as an exchange file's bytes, encrypted with `passphrase`.
pub fn seal(header: &Header, payload: &[u8], passphrase: &Passphrase) -> Result<Vec<u8>> {
    let line = serde_json::to_vec(header).map_err(|e| Error::Internal(e.to_string()))?;
    let mut out = Vec::with_capacity(payload.len() / 2 + line.len() * 2 + 512);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&line);
    out.push(b'\n');
    let secret = SecretString::from(passphrase.expose().to_owned());
    let encryptor = age::Encryptor::with_user_passphrase(secret);
    let failed = |e: std::io::Error| Error::Internal(format!("encrypting the exchange file: {e}"));
    let mut writer = encryptor.wrap_output(&mut out).map_err(failed)?;
    writer.write_all(&line).map_err(failed)?;
    writer.write_all(b"\n").map_err(failed)?;
    writer.write_all(payload).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(out)
}

/// The header of the file `name` whose bytes are `bytes`, without decrypting it: refuses a file that
/// is not an exchange file or was written by a newer version.
pub fn header<'a>(bytes: &'a [u8], name: &str) -> Result<(Header, &'a [u8])> {
    let foreign = || {
        Error::Invalid(format!(
            "{name} is not a Delegation Desk exchange file. Nothing was applied."
        ))
    };
    let rest = bytes.strip_prefix(MAGIC).ok_or_else(foreign)?;
    let end = rest
        .iter()
        .take(MAX_HEADER)
        .position(|&b| b == b'\n')
        .ok_or_else(foreign)?;
    let (line, sealed) = (&rest[..end], &rest[end + 1..]);
    let value: serde_json::Value = serde_json::from_slice(line).map_err(|_| foreign())?;
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(foreign)?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(Error::Invalid(format!(
            "{name} was made by a newer version of Delegation Desk (exchange format {version}; this \
             version reads format {FORMAT_VERSION}). Update Delegation Desk on this laptop. Nothing was applied."
        )));
    }
    let header: Header = serde_json::from_value(value).map_err(|e| {
        Error::Invalid(format!(
            "{name}: the exchange file's header is damaged ({e}). Nothing was applied."
        ))
    })?;
    Ok((header, sealed))
}

/// Decrypts the file `name` with `passphrase`: its header and payload. A wrong passphrase, a file cut
/// short or altered anywhere is refused with a sentence naming the file.
pub fn open(bytes: &[u8], name: &str, passphrase: &Passphrase) -> Result<(Header, Vec<u8>)> {
    let (outer, sealed) = header(bytes, name)?;
    let damaged = |why: &str| {
        Error::Invalid(format!(
            "{name} is damaged or was changed after it was made ({why}). Nothing was applied."
        ))
    };
    let decryptor = age::Decryptor::new_buffered(sealed).map_err(|e| damaged(&e.to_string()))?;
    let mut identity =
        age::scrypt::Identity::new(SecretString::from(passphrase.expose().to_owned()));
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::NoMatchingKeys => Error::WrongPassphrase(format!(
                "{name} cannot be opened with this exchange passphrase: check it with the person \
                 who sent it. Nothing was applied."
            )),
            other => damaged(&other.to_string()),
        })?;
    let mut plain = Vec::new();
    reader
        .read_to_end(&mut plain)
        .map_err(|e| damaged(&e.to_string()))?;
    let end = plain
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| damaged("no header inside"))?;
    let inner: Header = serde_json::from_slice(&plain[..end])
        .map_err(|_| damaged("the header inside is not JSON"))?;
    if inner != outer {
        return Err(damaged("its header differs from the one sealed inside"));
    }
    let payload = plain.split_off(end + 1);
    Ok((inner, payload))
}

/// Frames changes as bytes: per change, the origin (16 bytes), the sequence number (8, little endian),
/// the clock's length (2) and text, the dependencies' length (4) and JSON, the changeset's length (4)
/// and bytes.
pub fn encode_changes(changes: &[Change]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for c in changes {
        let hlc_len = u16::try_from(c.hlc.len())
            .map_err(|_| Error::Internal("a clock longer than 64 KiB".into()))?;
        let cs_len = u32::try_from(c.changeset.len())
            .map_err(|_| Error::Internal("a change larger than 4 GiB".into()))?;
        if c.origin.len() != 16 {
            return Err(Error::Internal(format!("laptop id {:?}", c.origin)));
        }
        out.extend_from_slice(c.origin.as_bytes());
        out.extend_from_slice(&c.seq.to_le_bytes());
        out.extend_from_slice(&hlc_len.to_le_bytes());
        out.extend_from_slice(c.hlc.as_bytes());
        let deps = serde_json::to_vec(&c.deps).map_err(|e| Error::Internal(e.to_string()))?;
        let deps_len = u32::try_from(deps.len())
            .map_err(|_| Error::Internal("dependencies larger than 4 GiB".into()))?;
        out.extend_from_slice(&deps_len.to_le_bytes());
        out.extend_from_slice(&deps);
        out.extend_from_slice(&cs_len.to_le_bytes());
        out.extend_from_slice(&c.changeset);
    }
    Ok(out)
}

/// Reads what [`encode_changes`] wrote; anything else is an error naming `name`, never a panic.
pub fn decode_changes(bytes: &[u8], name: &str) -> Result<Vec<Change>> {
    let bad = |why: &str| {
        Error::Invalid(format!(
            "{name}: the changes inside are not in the expected form ({why}). Nothing was applied."
        ))
    };
    let mut cursor = Cursor { rest: bytes };
    let mut out = Vec::new();
    while !cursor.rest.is_empty() {
        let origin = std::str::from_utf8(cursor.take(16).ok_or_else(|| bad("cut short"))?)
            .map_err(|_| bad("a laptop id is not text"))?
            .to_string();
        if !origin.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad("a laptop id is not hexadecimal"));
        }
        let seq = i64::from_le_bytes(cursor.array().ok_or_else(|| bad("cut short"))?);
        if seq < 1 {
            return Err(bad("a sequence number below 1"));
        }
        let hlc_len = u16::from_le_bytes(cursor.array().ok_or_else(|| bad("cut short"))?);
        let hlc = std::str::from_utf8(
            cursor
                .take(usize::from(hlc_len))
                .ok_or_else(|| bad("cut short"))?,
        )
        .map_err(|_| bad("a clock is not text"))?
        .to_string();
        if crate::store::changes::parse_clock(&hlc).is_none() {
            return Err(bad("a clock is not one Delegation Desk writes"));
        }
        let deps_len = u32::from_le_bytes(cursor.array().ok_or_else(|| bad("cut short"))?);
        let deps_len = usize::try_from(deps_len).map_err(|_| bad("a length"))?;
        let deps: std::collections::BTreeMap<String, i64> =
            serde_json::from_slice(cursor.take(deps_len).ok_or_else(|| bad("cut short"))?)
                .map_err(|_| bad("the dependencies of a change are not JSON"))?;
        let cs_len = u32::from_le_bytes(cursor.array().ok_or_else(|| bad("cut short"))?);
        let cs_len = usize::try_from(cs_len).map_err(|_| bad("a length"))?;
        let changeset = cursor
            .take(cs_len)
            .ok_or_else(|| bad("cut short"))?
            .to_vec();
        out.push(Change {
            origin,
            seq,
            hlc,
            changeset,
            deps,
        });
    }
    Ok(out)
}

/// The bytes not read yet.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.rest.len() < n {
            return None;
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
}
