//! Sliding-window limits per client: new submissions, and failed staff
//! tokens. In memory: a restart forgets them, which errs on the side of
//! accepting.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimit {
    limit: u32,
    window: Duration,
    seen: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

/// Who counts as one client: an IPv4 address, or an IPv6 /64 (one household
/// or phone gets a whole /64, so each of its addresses is not a new client).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !(u128::MAX >> 64))),
        },
    }
}

impl RateLimit {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one event from `client` at `now`, or says in how many seconds
    /// the next one will be accepted.
    pub fn try_acquire(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        self.with_times(client, now, |times, wait| {
            wait?;
            times.push_back(now);
            Ok(())
        })
    }

    /// Whether `client` is within its limit at `now`, without counting.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        self.with_times(client, now, |_, wait| wait)
    }

    /// Counts one event from `client` at `now`, even over the limit.
    pub fn record(&self, client: IpAddr, now: Instant) {
        self.with_times(client, now, |times, _| times.push_back(now));
    }

    /// `f` with the client's events in the window, and the wait (if any)
    /// before its next event is accepted.
    fn with_times<T>(
        &self,
        client: IpAddr,
        now: Instant,
        f: impl FnOnce(&mut VecDeque<Instant>, Result<(), u64>) -> T,
    ) -> T {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        // Forget clients whose window has passed, so the map stays small.
        if seen.len() > 10_000 {
            seen.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < self.window)
            });
        }
        let times = seen.entry(client_key(client)).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
        let wait = if times.len() as u32 >= self.limit {
            let oldest = times.front().copied().unwrap_or(now);
            Err(self
                .window
                .saturating_sub(now.duration_since(oldest))
                .as_secs()
                .max(1))
        } else {
            Ok(())
        };
        f(times, wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_each_client_within_the_window() {
        let limit = RateLimit::new(2, Duration::from_secs(60));
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let t0 = Instant::now();
        assert_eq!(limit.try_acquire(a, t0), Ok(()));
        assert_eq!(limit.try_acquire(a, t0 + Duration::from_secs(10)), Ok(()));
        assert_eq!(limit.try_acquire(a, t0 + Duration::from_secs(20)), Err(40));
        assert_eq!(limit.try_acquire(b, t0 + Duration::from_secs(20)), Ok(()));
        assert_eq!(limit.try_acquire(a, t0 + Duration::from_secs(61)), Ok(()));
    }

    #[test]
    fn an_ipv6_client_is_its_64_prefix() {
        let limit = RateLimit::new(1, Duration::from_secs(60));
        let t0 = Instant::now();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(limit.try_acquire(ip("2001:db8:1:2::1"), t0), Ok(()));
        assert!(limit
            .try_acquire(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"), t0)
            .is_err());
        assert_eq!(limit.try_acquire(ip("2001:db8:1:3::1"), t0), Ok(()));
        // An IPv4 address written as IPv6 is the IPv4 client.
        assert_eq!(limit.try_acquire(ip("192.0.2.9"), t0), Ok(()));
        assert!(limit.try_acquire(ip("::ffff:192.0.2.9"), t0).is_err());
    }

    #[test]
    fn check_does_not_count_and_record_counts_over_the_limit() {
        let limit = RateLimit::new(2, Duration::from_secs(60));
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let t0 = Instant::now();
        assert_eq!(limit.check(a, t0), Ok(()));
        limit.record(a, t0);
        assert_eq!(limit.check(a, t0), Ok(()));
        limit.record(a, t0 + Duration::from_secs(30));
        assert_eq!(limit.check(a, t0 + Duration::from_secs(30)), Err(30));
        limit.record(a, t0 + Duration::from_secs(40));
        // The first has left the window; the other two have not.
        assert_eq!(limit.check(a, t0 + Duration::from_secs(71)), Err(19));
        assert_eq!(limit.check(a, t0 + Duration::from_secs(101)), Ok(()));
    }
}
