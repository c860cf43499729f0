//! `Idempotency-Key`: the first successful response to a (method, path, key)
//! is stored in the same transaction as the change it reports, and replayed
//! for every later request with that key and the same body. The same key
//! with a different body is refused. Failures are not stored: retrying a
//! refused request runs it again.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use time::OffsetDateTime;

use super::{Store, StoreError};

/// A response as sent, kept to be replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredResponse {
    pub status: u16,
    /// Headers beyond the content type, e.g. `Location`.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The outcome of an idempotent write.
#[derive(Debug)]
pub enum Idempotent<E> {
    /// Done now.
    Done(StoredResponse),
    /// Done before: the stored response.
    Replayed(StoredResponse),
    /// The key was used before with a different request body.
    KeyReused,
    /// The operation refused; nothing was written.
    Refused(E),
}

/// Which request a key belongs to.
pub struct RequestKey<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub key: &'a str,
    pub body: &'a [u8],
}

impl Store {
    /// Runs `op` once per key: in one transaction with the record of its
    /// response, or not at all when the key was seen before.
    pub fn idempotent<E>(
        &self,
        request: RequestKey<'_>,
        now: OffsetDateTime,
        op: impl FnOnce(&Transaction) -> Result<StoredResponse, E>,
    ) -> Result<Idempotent<E>, StoreError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if let Some((body, response)) = lookup(&tx, &request)? {
            return Ok(if body == request.body {
                Idempotent::Replayed(response)
            } else {
                Idempotent::KeyReused
            });
        }
        let response = match op(&tx) {
            Ok(response) => response,
            // Dropping the transaction rolls back whatever `op` wrote.
            Err(refused) => return Ok(Idempotent::Refused(refused)),
        };
        tx.execute(
            "INSERT INTO idempotency (method, path, key, request, status, headers, response, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                request.method,
                request.path,
                request.key,
                request.body,
                response.status,
                serde_json::to_string(&response.headers)?,
                response.body,
                now.unix_timestamp()
            ],
        )?;
        tx.commit()?;
        Ok(Idempotent::Done(response))
    }

    /// Forgets keys older than `days`, so the table does not grow forever.
    pub fn forget_idempotency_keys(
        &self,
        now: OffsetDateTime,
        days: i64,
    ) -> Result<usize, StoreError> {
        let cutoff = (now - time::Duration::days(days)).unix_timestamp();
        self.write(|tx| Ok(tx.execute("DELETE FROM idempotency WHERE created_at < ?1", [cutoff])?))
    }
}

fn lookup(
    c: &Connection,
    r: &RequestKey<'_>,
) -> Result<Option<(Vec<u8>, StoredResponse)>, StoreError> {
    let row = c
        .query_row(
            "SELECT request, status, headers, response FROM idempotency
             WHERE method = ?1 AND path = ?2 AND key = ?3",
            params![r.method, r.path, r.key],
            |row| {
                Ok((
                    row.get::<_, Vec<u8>>(0)?,
                    row.get::<_, u16>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Vec<u8>>(3)?,
                ))
            },
        )
        .optional()?;
    row.map(|(request, status, headers, body)| {
        Ok((
            request,
            StoredResponse {
                status,
                headers: serde_json::from_str(&headers)?,
                body,
            },
        ))
    })
    .transpose()
}
