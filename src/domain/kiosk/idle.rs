//! Idle, warning and reset (issue 10, parts 3–5): the state machine that
//! takes a kiosk from its attract loop into a session and back, wiping
//! everything in between, and the rule for when data may be refreshed.
//!
//! Pure, with the clock injected: every event carries the instant it
//! happened as Unix milliseconds (what `Date.now()` gives, and what
//! Playwright's `page.clock` controls). The shell feeds it touches and keys,
//! a tick every second or so (or a timer set for [`IdleMachine::next_deadline`]),
//! and performs the [`IdleEffect`]s it returns.

use super::config::KioskConfig;

/// Where the kiosk is between people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The full-screen rotation; `since` is when it began, the instant of
    /// its first slide.
    Attract { since: u64 },
    /// Someone is using the screen; `last_input` is their last touch or key.
    InUse { last_input: u64 },
    /// "您还在使用吗？" is open and counts down to `ends_at`.
    Warning { ends_at: u64 },
    /// The countdown ended: the shell wipes everything (home, in-memory
    /// state, storage, font size, in-app history) and then sends
    /// [`IdleEvent::ResetDone`]. Input is ignored meanwhile, so nothing of
    /// the previous person's session comes back.
    Resetting,
}

/// What happened, and when (Unix milliseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdleEvent {
    /// A touch, click or key anywhere.
    Input(u64),
    /// Time passed; nothing else happened.
    Tick(u64),
    /// 继续使用 in the warning dialog.
    Extend(u64),
    /// The shell finished the wipe that [`IdleEffect::Reset`] asked for.
    ResetDone(u64),
}

/// What the shell must do after an event. Everything else (whether the
/// warning is open, the countdown, the slide) is derived from [`Phase`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdleEffect {
    /// A touch on the attract loop: show the kiosk home.
    StartSession,
    /// Open the warning dialog (trap focus, announce it).
    OpenWarning,
    /// The person is still there: close the dialog, carry on where they were.
    CloseWarning,
    /// Wipe everything, then send [`IdleEvent::ResetDone`].
    Reset,
}

/// The idle / warning / attract state machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdleMachine {
    idle_ms: u64,
    warning_ms: u64,
    signage: bool,
    phase: Phase,
}

impl IdleMachine {
    /// A kiosk that has just started at `now`: in its attract loop.
    pub fn new(config: &KioskConfig, now: u64) -> Self {
        Self {
            idle_ms: u64::from(config.idle_seconds) * 1000,
            warning_ms: u64::from(config.warning_seconds) * 1000,
            signage: config.signage,
            phase: Phase::Attract { since: now },
        }
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Whether a person's session is on screen (in use or warned).
    pub fn in_session(&self) -> bool {
        matches!(self.phase, Phase::InUse { .. } | Phase::Warning { .. })
    }

    /// Moves on by one event.
    ///
    /// The rules (issue 10, part 4):
    /// - a touch on the attract loop starts a session, except on signage,
    ///   where touches do nothing and the attract loop is all there is;
    /// - `idle_seconds` without input opens the warning, whose countdown
    ///   always runs a full `warning_seconds` from the moment it opens, even
    ///   when ticks came late (WCAG 2.2.1: at least 20 s to extend);
    /// - input or 继续使用 during the warning extends the session;
    /// - when the countdown ends, a reset is due, and after it the attract
    ///   loop starts again from its first slide;
    /// - input never revives a session whose time has run out (no tick came
    ///   to end it, say): it cannot be told from the next person's touch, so
    ///   it resets instead;
    /// - if the clock goes back, the running timer restarts from the new
    ///   time rather than waiting for the old one to come round.
    pub fn handle(&mut self, event: IdleEvent) -> Option<IdleEffect> {
        use IdleEffect::*;
        use IdleEvent::*;
        let (phase, effect) = match (self.phase, event) {
            (Phase::Attract { .. }, Input(t)) if !self.signage => {
                (Phase::InUse { last_input: t }, Some(StartSession))
            }
            (Phase::Attract { since }, Tick(t) | Input(t) | Extend(t)) => (
                Phase::Attract {
                    since: since.min(t),
                },
                None,
            ),
            (Phase::InUse { last_input }, Input(t) | Extend(t)) => {
                if t >= last_input.saturating_add(self.idle_ms + self.warning_ms) {
                    (Phase::Resetting, Some(Reset))
                } else {
                    (Phase::InUse { last_input: t }, None)
                }
            }
            (Phase::InUse { last_input }, Tick(t)) => {
                if t >= last_input.saturating_add(self.idle_ms) {
                    let ends_at = t.saturating_add(self.warning_ms);
                    (Phase::Warning { ends_at }, Some(OpenWarning))
                } else {
                    (
                        Phase::InUse {
                            last_input: last_input.min(t),
                        },
                        None,
                    )
                }
            }
            (Phase::Warning { ends_at }, Input(t) | Extend(t)) => {
                if t >= ends_at {
                    (Phase::Resetting, Some(Reset))
                } else {
                    (Phase::InUse { last_input: t }, Some(CloseWarning))
                }
            }
            (Phase::Warning { ends_at }, Tick(t)) => {
                if t >= ends_at {
                    (Phase::Resetting, Some(Reset))
                } else {
                    let latest = t.saturating_add(self.warning_ms);
                    (
                        Phase::Warning {
                            ends_at: ends_at.min(latest),
                        },
                        None,
                    )
                }
            }
            (Phase::Resetting, ResetDone(t)) => (Phase::Attract { since: t }, None),
            (phase, _) => (phase, None),
        };
        self.phase = phase;
        effect
    }

    /// The warning's countdown in whole seconds, rounded up (so it shows
    /// `warning_seconds` as it opens and 1 in its last second); `None`
    /// outside the warning.
    pub fn remaining_seconds(&self, now: u64) -> Option<u32> {
        match self.phase {
            Phase::Warning { ends_at } => {
                let left = ends_at.saturating_sub(now).min(self.warning_ms);
                Some(left.div_ceil(1000) as u32)
            }
            _ => None,
        }
    }

    /// The next instant at which a tick changes something (the warning
    /// opens, or the reset falls due), for a shell that sets one timer
    /// rather than ticking every second. `None` in the attract loop and
    /// while resetting; the countdown display still needs its own
    /// once-a-second tick.
    pub fn next_deadline(&self) -> Option<u64> {
        match self.phase {
            Phase::InUse { last_input } => Some(last_input.saturating_add(self.idle_ms)),
            Phase::Warning { ends_at } => Some(ends_at),
            Phase::Attract { .. } | Phase::Resetting => None,
        }
    }
}

/// Whether to fetch data again now (issue 10, part 5: "every
/// `refresh_minutes`, but only while no one is using the screen", so a
/// refresh never moves the screen under a finger). Due in the attract loop
/// once `refresh_minutes` have passed since `last_attempt` (pass the last
/// attempt, failed or not, so an outage is not hammered), or when there was
/// none, or when the clock has gone back past it. Never during a session or
/// a reset.
pub fn refresh_due(
    phase: Phase,
    last_attempt: Option<u64>,
    now: u64,
    refresh_minutes: u32,
) -> bool {
    if !matches!(phase, Phase::Attract { .. }) {
        return false;
    }
    match last_attempt {
        None => true,
        Some(last) if now < last => true,
        Some(last) => now - last >= u64::from(refresh_minutes) * 60_000,
    }
}

#[cfg(test)]
mod tests {
    use super::IdleEffect::*;
    use super::IdleEvent::*;
    use super::*;

    const S: u64 = 1000;
    /// An arbitrary start, far from zero so that going back is possible.
    const T0: u64 = 1_795_000_000_000;

    fn config(idle: u32, warning: u32, signage: bool) -> KioskConfig {
        KioskConfig {
            idle_seconds: idle,
            warning_seconds: warning,
            signage,
            ..KioskConfig::default()
        }
    }

    fn kiosk() -> IdleMachine {
        IdleMachine::new(&config(90, 30, false), T0)
    }

    /// Runs events in order and returns the effects, one per event.
    fn run(m: &mut IdleMachine, events: &[IdleEvent]) -> Vec<Option<IdleEffect>> {
        events.iter().map(|&e| m.handle(e)).collect()
    }

    #[test]
    fn a_new_kiosk_shows_its_attract_loop() {
        let m = kiosk();
        assert_eq!(m.phase(), Phase::Attract { since: T0 });
        assert!(!m.in_session());
        assert_eq!(m.next_deadline(), None);
        assert_eq!(m.remaining_seconds(T0), None);
    }

    #[test]
    fn a_whole_visit_from_touch_to_reset() {
        let mut m = kiosk();
        let t = T0 + 600 * S;
        let steps: &[(IdleEvent, Option<IdleEffect>, Phase)] = &[
            (Tick(t), None, Phase::Attract { since: T0 }),
            (Input(t), Some(StartSession), Phase::InUse { last_input: t }),
            (Tick(t + 89 * S), None, Phase::InUse { last_input: t }),
            (
                Input(t + 89 * S),
                None,
                Phase::InUse {
                    last_input: t + 89 * S,
                },
            ),
            (
                Tick(t + 178 * S),
                None,
                Phase::InUse {
                    last_input: t + 89 * S,
                },
            ),
            (
                Tick(t + 179 * S),
                Some(OpenWarning),
                Phase::Warning {
                    ends_at: t + 209 * S,
                },
            ),
            (
                Tick(t + 208 * S + 999),
                None,
                Phase::Warning {
                    ends_at: t + 209 * S,
                },
            ),
            (Tick(t + 209 * S), Some(Reset), Phase::Resetting),
            (Input(t + 210 * S), None, Phase::Resetting),
            (Tick(t + 211 * S), None, Phase::Resetting),
            (Extend(t + 211 * S), None, Phase::Resetting),
            (
                ResetDone(t + 212 * S),
                None,
                Phase::Attract { since: t + 212 * S },
            ),
            (
                Input(t + 300 * S),
                Some(StartSession),
                Phase::InUse {
                    last_input: t + 300 * S,
                },
            ),
        ];
        for (i, &(event, effect, phase)) in steps.iter().enumerate() {
            assert_eq!(m.handle(event), effect, "step {i}: {event:?}");
            assert_eq!(m.phase(), phase, "step {i}: {event:?}");
        }
    }

    #[test]
    fn input_or_continue_during_the_warning_extends() {
        for extend in [Input as fn(u64) -> IdleEvent, Extend] {
            let mut m = kiosk();
            m.handle(Input(T0));
            assert_eq!(m.handle(Tick(T0 + 90 * S)), Some(OpenWarning));
            assert!(m.in_session());
            assert_eq!(m.handle(extend(T0 + 110 * S)), Some(CloseWarning));
            assert_eq!(
                m.phase(),
                Phase::InUse {
                    last_input: T0 + 110 * S
                }
            );
            // A full idle period again, counted from the extension.
            assert_eq!(m.handle(Tick(T0 + 199 * S)), None);
            assert_eq!(m.handle(Tick(T0 + 200 * S)), Some(OpenWarning));
        }
    }

    #[test]
    fn the_countdown_counts_whole_seconds_down_from_the_full_warning() {
        let mut m = IdleMachine::new(&config(60, 20, false), T0);
        m.handle(Input(T0));
        m.handle(Tick(T0 + 60 * S));
        let at = T0 + 60 * S;
        let cases = [
            (0, 20),
            (1, 20),
            (999, 20),
            (1000, 19),
            (10_500, 10),
            (18_999, 2),
            (19_000, 1),
            (19_999, 1),
            (20_000, 0),
            (99_000, 0),
        ];
        for (after, shown) in cases {
            assert_eq!(m.remaining_seconds(at + after), Some(shown), "+{after} ms");
        }
        // Before the dialog opened (a clock gone back) it never shows more
        // than the full warning.
        assert_eq!(m.remaining_seconds(at - 50 * S), Some(20));
    }

    #[test]
    fn a_late_tick_still_gives_the_full_warning() {
        let mut m = kiosk();
        m.handle(Input(T0));
        // The box was busy: the first tick after the idle time comes 100 s late,
        // past when the warning would have ended.
        let late = T0 + 190 * S;
        assert_eq!(m.handle(Tick(late)), Some(OpenWarning));
        assert_eq!(
            m.phase(),
            Phase::Warning {
                ends_at: late + 30 * S
            }
        );
        assert_eq!(m.remaining_seconds(late), Some(30));
    }

    #[test]
    fn input_after_the_time_ran_out_resets_rather_than_revives() {
        // In use, no tick for longer than idle + warning: the next touch is
        // most likely someone else.
        let mut m = kiosk();
        m.handle(Input(T0));
        assert_eq!(m.handle(Input(T0 + 119 * S + 999)), None);
        assert_eq!(m.handle(Input(T0 + 240 * S)), Some(Reset));
        assert_eq!(m.phase(), Phase::Resetting);
        // In the warning, a touch at or after its end comes too late.
        for (after_end, effect) in [(0, Some(Reset)), (5 * S, Some(Reset))] {
            let mut m = kiosk();
            m.handle(Input(T0));
            m.handle(Tick(T0 + 90 * S));
            assert_eq!(m.handle(Extend(T0 + 120 * S + after_end)), effect);
        }
        let mut m = kiosk();
        m.handle(Input(T0));
        m.handle(Tick(T0 + 90 * S));
        assert_eq!(m.handle(Extend(T0 + 120 * S - 1)), Some(CloseWarning));
    }

    #[test]
    fn signage_never_leaves_its_attract_loop() {
        let mut m = IdleMachine::new(&config(90, 30, true), T0);
        let effects = run(
            &mut m,
            &[
                Input(T0 + S),
                Tick(T0 + 100 * S),
                Extend(T0 + 101 * S),
                Input(T0 + 10_000 * S),
                Tick(T0 + 20_000 * S),
                ResetDone(T0 + 20_001 * S),
            ],
        );
        assert_eq!(effects, vec![None; 6]);
        assert_eq!(m.phase(), Phase::Attract { since: T0 });
        assert!(!m.in_session());
    }

    #[test]
    fn events_that_do_not_fit_the_phase_change_nothing() {
        let mut m = kiosk();
        assert_eq!(
            run(&mut m, &[Extend(T0 + S), ResetDone(T0 + S)]),
            vec![None, None]
        );
        assert_eq!(m.phase(), Phase::Attract { since: T0 });
        m.handle(Input(T0 + 2 * S));
        assert_eq!(m.handle(ResetDone(T0 + 3 * S)), None);
        assert_eq!(
            m.phase(),
            Phase::InUse {
                last_input: T0 + 2 * S
            }
        );
        m.handle(Tick(T0 + 92 * S));
        assert_eq!(m.handle(ResetDone(T0 + 93 * S)), None);
        assert_eq!(
            m.phase(),
            Phase::Warning {
                ends_at: T0 + 122 * S
            }
        );
    }

    #[test]
    fn a_clock_gone_back_restarts_the_running_timer() {
        let back = T0 - 3600 * S;
        // In use: idle counts from the new time, not an hour ahead of it.
        let mut m = kiosk();
        m.handle(Input(T0));
        assert_eq!(m.handle(Tick(back)), None);
        assert_eq!(m.phase(), Phase::InUse { last_input: back });
        assert_eq!(m.handle(Tick(back + 90 * S)), Some(OpenWarning));
        // Warning: it ends a full warning after the new time at the latest.
        let mut m = kiosk();
        m.handle(Input(T0));
        m.handle(Tick(T0 + 90 * S));
        m.handle(Tick(back));
        assert_eq!(
            m.phase(),
            Phase::Warning {
                ends_at: back + 30 * S
            }
        );
        assert_eq!(m.handle(Tick(back + 30 * S)), Some(Reset));
        // Attract: the rotation restarts rather than freezing on a slide.
        let mut m = kiosk();
        m.handle(Tick(back));
        assert_eq!(m.phase(), Phase::Attract { since: back });
        // A clock gone forward just ends the wait early, warning in full.
        let mut m = kiosk();
        m.handle(Input(T0));
        assert_eq!(m.handle(Tick(T0 + 86_400 * S)), Some(OpenWarning));
        assert_eq!(m.remaining_seconds(T0 + 86_400 * S), Some(30));
    }

    #[test]
    fn next_deadline_is_when_the_next_tick_matters() {
        let mut m = kiosk();
        m.handle(Input(T0));
        assert_eq!(m.next_deadline(), Some(T0 + 90 * S));
        m.handle(Input(T0 + 10 * S));
        assert_eq!(m.next_deadline(), Some(T0 + 100 * S));
        assert_eq!(m.handle(Tick(T0 + 100 * S - 1)), None);
        assert_eq!(m.handle(Tick(T0 + 100 * S)), Some(OpenWarning));
        assert_eq!(m.next_deadline(), Some(T0 + 130 * S));
        assert_eq!(m.handle(Tick(T0 + 130 * S)), Some(Reset));
        assert_eq!(m.next_deadline(), None);
    }

    #[test]
    fn the_configured_times_are_used() {
        let mut m = IdleMachine::new(&config(30, 120, false), 0);
        m.handle(Input(0));
        assert_eq!(m.handle(Tick(29_999)), None);
        assert_eq!(m.handle(Tick(30_000)), Some(OpenWarning));
        assert_eq!(m.remaining_seconds(30_000), Some(120));
        assert_eq!(m.handle(Tick(149_999)), None);
        assert_eq!(m.handle(Tick(150_000)), Some(Reset));
    }

    #[test]
    fn refresh_only_while_idle_and_when_due() {
        let attract = Phase::Attract { since: T0 };
        let min = 60 * S;
        let cases = [
            (attract, None, T0, true),
            (attract, Some(T0), T0, false),
            (attract, Some(T0), T0 + 15 * min - 1, false),
            (attract, Some(T0), T0 + 15 * min, true),
            (attract, Some(T0), T0 + 400 * min, true),
            (attract, Some(T0), T0 - 1, true),
            (Phase::InUse { last_input: T0 }, None, T0, false),
            (
                Phase::InUse { last_input: T0 },
                Some(T0),
                T0 + 400 * min,
                false,
            ),
            (
                Phase::Warning { ends_at: T0 },
                Some(T0),
                T0 + 400 * min,
                false,
            ),
            (Phase::Resetting, Some(T0), T0 + 400 * min, false),
        ];
        for (phase, last, now, due) in cases {
            assert_eq!(
                refresh_due(phase, last, now, 15),
                due,
                "{phase:?} {last:?} {now}"
            );
        }
        assert!(!refresh_due(attract, Some(T0), T0 + 59 * S, 1));
        assert!(refresh_due(attract, Some(T0), T0 + 60 * S, 1));
    }
}
