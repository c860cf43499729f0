//! The attract loop's rotation (issue 10, part 3): which slide shows at an
//! instant, when the next one comes, and the few pixels the content shifts
//! between slides so that a panel running all day does not burn in.

/// The burn-in shifts in px (x, y), one per slide shown, in turn. Seven, a
/// prime, so that with 2 to 6 slides each slide comes round at a different
/// place each time; every shift differs from the one before it (including
/// from the last back to the first), none is more than
/// [`BURN_IN_MAX_PX`] from the centre, and they sum to zero, so the content
/// stays centred on average.
pub const BURN_IN_OFFSETS: [(i8, i8); 7] =
    [(0, 0), (3, 1), (-2, 3), (1, -3), (-3, -1), (2, 2), (-1, -2)];

/// The largest burn-in shift along either axis, in px.
pub const BURN_IN_MAX_PX: i8 = 3;

/// The slide on screen at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttractSlide {
    /// Which of the slides, from 0.
    pub index: usize,
    /// How many slides have been shown before this one since the loop began.
    pub step: u64,
    /// The burn-in shift for this showing, in px (x, y).
    pub offset: (i8, i8),
    /// When (Unix ms) the next slide comes.
    pub next_at: u64,
}

/// The slide showing at `now` in a loop that began at `since` (both Unix
/// ms; see `Phase::Attract`), each slide shown for `attract_seconds`.
/// The loop starts at slide 0 and cycles; an instant before `since` counts
/// as `since`. `None` when there are no slides to show.
pub fn attract_slide(
    since: u64,
    now: u64,
    attract_seconds: u32,
    slides: usize,
) -> Option<AttractSlide> {
    if slides == 0 {
        return None;
    }
    let period = u64::from(attract_seconds.max(1)) * 1000;
    let step = now.saturating_sub(since) / period;
    Some(AttractSlide {
        index: (step % slides as u64) as usize,
        step,
        offset: burn_in_offset(step),
        next_at: since.saturating_add((step + 1).saturating_mul(period)),
    })
}

/// The burn-in shift for the `step`th slide shown (deterministic: the same
/// step always shifts the same way).
pub fn burn_in_offset(step: u64) -> (i8, i8) {
    BURN_IN_OFFSETS[(step % BURN_IN_OFFSETS.len() as u64) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1000;
    const T0: u64 = 1_795_000_000_000;

    #[test]
    fn slides_rotate_every_attract_seconds_from_the_first() {
        let cases = [
            (0, 0, 0),
            (11_999, 0, 0),
            (12 * S, 1, 1),
            (24 * S, 2, 2),
            (36 * S, 3, 0),
            (47 * S, 3, 0),
            (48 * S, 4, 1),
            (12 * S * 3000 + 1, 3000, 0),
        ];
        for (after, step, index) in cases {
            let slide = attract_slide(T0, T0 + after, 12, 3).unwrap();
            assert_eq!((slide.step, slide.index), (step, index), "+{after} ms");
            assert_eq!(slide.next_at, T0 + (step + 1) * 12 * S, "+{after} ms");
            assert!(slide.next_at > T0 + after);
        }
    }

    #[test]
    fn every_slide_comes_in_turn_whatever_their_number() {
        for slides in 1..=9usize {
            let shown: Vec<usize> = (0..slides as u64 * 3)
                .map(|step| {
                    attract_slide(T0, T0 + step * 8 * S + 4 * S, 8, slides)
                        .unwrap()
                        .index
                })
                .collect();
            let expected: Vec<usize> = (0..slides * 3).map(|i| i % slides).collect();
            assert_eq!(shown, expected, "{slides} slides");
        }
    }

    #[test]
    fn one_slide_stays_but_still_shifts() {
        let first = attract_slide(T0, T0, 10, 1).unwrap();
        let second = attract_slide(T0, T0 + 10 * S, 10, 1).unwrap();
        assert_eq!((first.index, second.index), (0, 0));
        assert_ne!(first.offset, second.offset);
    }

    #[test]
    fn no_slides_nothing_to_show() {
        assert_eq!(attract_slide(T0, T0 + 100 * S, 12, 0), None);
    }

    #[test]
    fn an_instant_before_the_loop_began_is_its_start() {
        let slide = attract_slide(T0, T0 - 50 * S, 12, 4).unwrap();
        assert_eq!(
            (slide.step, slide.index, slide.next_at),
            (0, 0, T0 + 12 * S)
        );
    }

    #[test]
    fn a_zero_period_is_taken_as_one_second() {
        let slide = attract_slide(T0, T0 + 2500, 0, 5).unwrap();
        assert_eq!((slide.step, slide.next_at), (2, T0 + 3 * S));
    }

    #[test]
    fn burn_in_shifts_are_small_varied_and_centred() {
        let n = BURN_IN_OFFSETS.len();
        let mut sum = (0i32, 0i32);
        for (i, &(x, y)) in BURN_IN_OFFSETS.iter().enumerate() {
            assert!(x.abs() <= BURN_IN_MAX_PX && y.abs() <= BURN_IN_MAX_PX);
            assert_ne!((x, y), BURN_IN_OFFSETS[(i + 1) % n], "{i}");
            sum = (sum.0 + i32::from(x), sum.1 + i32::from(y));
        }
        assert_eq!(sum, (0, 0));
        let distinct: std::collections::HashSet<_> = BURN_IN_OFFSETS.iter().collect();
        assert_eq!(distinct.len(), n);
        // Deterministic, and the slide's offset is the step's.
        for step in 0..50 {
            assert_eq!(burn_in_offset(step), burn_in_offset(step + n as u64));
            let slide = attract_slide(T0, T0 + step * 12 * S, 12, 4).unwrap();
            assert_eq!(slide.offset, burn_in_offset(step));
        }
    }

    #[test]
    fn each_slide_comes_round_at_a_new_place() {
        for slides in 2..=6usize {
            for index in 0..slides {
                let places: std::collections::HashSet<_> = (0..BURN_IN_OFFSETS.len() as u64)
                    .map(|round| burn_in_offset(round * slides as u64 + index as u64))
                    .collect();
                assert_eq!(
                    places.len(),
                    BURN_IN_OFFSETS.len(),
                    "{slides} slides, #{index}"
                );
            }
        }
    }
}
