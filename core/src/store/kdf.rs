//! The key of an encrypted data file, derived once per open instead of once per connection.
//!
//! SQLCipher turns a passphrase into the file's key with PBKDF2-HMAC-SHA512 (256,000 iterations, the
//! file's salt: its first 16 bytes), a quarter of a second each time a connection is keyed. Opening
//! the app's file needs several connections (the read-only check, the writer, the readers, the
//! background check), so the key is derived here once, with the same function and settings as
//! SQLCipher 4, and each connection is given the derived key (SQLCipher's "raw key" form,
//! `x'<key><salt>'`), which it uses as is. A test proves the two derivations give the same key by
//! opening a file SQLCipher keyed from the passphrase with the key derived here.
//!
//! The loop is written on SHA-512's compression function directly: two compressions an iteration and
//! nothing else, so it is as fast as SQLCipher's own (and not slow in a debug build, where the generic
//! hashing layers would be).

use std::io::Read;
use std::path::Path;

use sha2::block_api::compress512;
use zeroize::Zeroizing;

use super::key::Passphrase;
use crate::{Error, Result};

/// SQLCipher 4's default number of PBKDF2 iterations.
const ITERATIONS: u32 = 256_000;
/// SHA-512's block size in bytes.
const BLOCK: usize = 128;
/// SHA-512's initial state.
const IV: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// The key SQLCipher would derive from `passphrase` for the encrypted file at `path` (salt read from
/// its header), in the form `PRAGMA key` takes as a raw key, wrapped as a [`Passphrase`] so that it
/// is wiped from memory like one. Only for connections to that same file: a new file gets a new salt.
pub(crate) fn file_key(path: &Path, passphrase: &Passphrase) -> Result<Passphrase> {
    let mut salt = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut salt))
        .map_err(Error::io(format!("Could not read {}", path.display())))?;
    Ok(raw_key(passphrase, &salt))
}

/// `x'<32-byte key><16-byte salt>'` in hexadecimal.
fn raw_key(passphrase: &Passphrase, salt: &[u8; 16]) -> Passphrase {
    let key = pbkdf2_sha512(passphrase.expose().as_bytes(), salt, ITERATIONS);
    let mut text = Zeroizing::new(String::with_capacity(2 + 96 + 1));
    text.push_str("x'");
    for b in key[..32].iter().chain(salt.iter()) {
        text.push(hex(b >> 4));
        text.push(hex(b & 15));
    }
    text.push('\'');
    Passphrase::new(text.as_str())
}

fn hex(nibble: u8) -> char {
    char::from(b"0123456789ABCDEF"[usize::from(nibble & 15)])
}

/// The state of SHA-512 after one block `key ^ pad`.
fn keyed_state(key: &[u8; BLOCK], pad: u8) -> [u64; 8] {
    let mut block = [0u8; BLOCK];
    for (b, k) in block.iter_mut().zip(key.iter()) {
        *b = k ^ pad;
    }
    let mut state = IV;
    compress512(&mut state, &[block]);
    state
}

/// Finishes a hash that has absorbed one block, with the 64 bytes `data` as its last input.
fn finish_64(mut state: [u64; 8], data: &[u8; 64]) -> [u8; 64] {
    let mut block = [0u8; BLOCK];
    block[..64].copy_from_slice(data);
    block[64] = 0x80;
    // The message is one block and 64 bytes: 192 bytes, 1,536 bits.
    block[BLOCK - 8..].copy_from_slice(&(1536u64).to_be_bytes());
    compress512(&mut state, &[block]);
    let mut out = [0u8; 64];
    for (chunk, word) in out.chunks_exact_mut(8).zip(state.iter()) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// The first block (64 bytes) of PBKDF2-HMAC-SHA512; SQLCipher uses its first 32 bytes. The salt
/// fits the first block with its counter and padding (SQLCipher's is 16 bytes).
fn pbkdf2_sha512(password: &[u8], salt: &[u8], iterations: u32) -> Zeroizing<[u8; 64]> {
    const MAX_SALT: usize = BLOCK - 4 - 1 - 16;
    let salt = &salt[..salt.len().min(MAX_SALT)];
    let mut key = Zeroizing::new([0u8; BLOCK]);
    if password.len() > BLOCK {
        use sha2::Digest;
        let digest = sha2::Sha512::digest(password);
        key[..64].copy_from_slice(&digest);
    } else {
        key[..password.len()].copy_from_slice(password);
    }
    let inner = keyed_state(&key, 0x36);
    let outer = keyed_state(&key, 0x5c);
    // U1 = HMAC(password, salt || 1): the inner hash's input is salt and block number (20 bytes).
    let n = salt.len();
    let mut first = [0u8; BLOCK];
    first[..n].copy_from_slice(salt);
    first[n..n + 4].copy_from_slice(&1u32.to_be_bytes());
    first[n + 4] = 0x80;
    first[BLOCK - 8..].copy_from_slice(&(((BLOCK + n + 4) * 8) as u64).to_be_bytes());
    let mut state = inner;
    compress512(&mut state, &[first]);
    let mut digest = [0u8; 64];
    for (chunk, word) in digest.chunks_exact_mut(8).zip(state.iter()) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    let mut u = Zeroizing::new(finish_64(outer, &digest));
    let mut t = Zeroizing::new(*u);
    for _ in 1..iterations {
        *u = finish_64(outer, &finish_64(inner, &u));
        for (a, b) in t.iter_mut().zip(u.iter()) {
            *a ^= b;
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_of(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn the_derivation_gives_the_known_pbkdf2_hmac_sha512_outputs() {
        // RFC 6070's inputs with SHA-512 (the widely published vectors; Python's hashlib agrees).
        assert_eq!(
            hex_of(&*pbkdf2_sha512(b"password", b"salt", 1)),
            "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252\
             c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce",
            "one iteration"
        );
        assert_eq!(
            hex_of(&*pbkdf2_sha512(b"password", b"salt", 2)),
            "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53c\
             f76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e",
            "two iterations"
        );
        assert_eq!(
            hex_of(&*pbkdf2_sha512(&[b'p'; 200], b"saltsaltsaltsalt", 3)),
            "2bb372c2364bc84071b22eadcbd7cd58e88060ea94e7af95aa1a18913f551ebc\
             e25e94b2278b90db6f1584a87e6b8cd8fb92c7bb1a74fc0da8532dd0eca5c652",
            "a password longer than a block is hashed first"
        );
    }

    #[test]
    fn the_derived_key_opens_a_file_sqlcipher_keyed_from_the_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.sqlite3");
        let passphrase = Passphrase::new("correct horse battery staple");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "key", passphrase.expose())
                .unwrap();
            conn.execute("CREATE TABLE t (x)", []).unwrap();
            conn.execute("INSERT INTO t VALUES (42)", []).unwrap();
        }
        let raw = file_key(&path, &passphrase).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "key", raw.expose()).unwrap();
        let x: i64 = conn
            .query_row("SELECT x FROM t", [], |r| r.get(0))
            .expect("the key derived here reads what SQLCipher wrote with the passphrase");
        assert_eq!(x, 42);
        let wrong = file_key(&path, &Passphrase::new("not the passphrase")).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "key", wrong.expose()).unwrap();
        assert!(
            conn.query_row("SELECT x FROM t", [], |r| r.get::<_, i64>(0))
                .is_err(),
            "another passphrase's key does not"
        );
    }
}
