//! A sliding-window limit on new submissions per client address. In memory:
//! a restart forgets it, which errs on the side of accepting.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimit {
    limit: u32,
    window: Duration,
    seen: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl RateLimit {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one submission from `client` at `now`, or says in how many
    /// seconds the next one will be accepted.
    pub fn try_acquire(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        // Forget clients whose window has passed, so the map stays small.
        if seen.len() > 10_000 {
            seen.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < self.window)
            });
        }
        let times = seen.entry(client).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
        if times.len() as u32 >= self.limit {
            let oldest = times.front().copied().unwrap_or(now);
            let wait = self.window.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        times.push_back(now);
        Ok(())
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
}
