//! The kiosk heartbeat (触摸屏心跳): only when `v1/site.json` advertises
//! `kiosk_heartbeat`. Its declaration is always checked; beats are sent
//! only with `--write`, because a beat leaves a test device in the
//! backend's list of kiosks.

use gongkai::api::is_heartbeat_path;
use serde_json::{json, Value};
use url::Url;

use crate::report::{Check, Findings, Outcome};
use crate::schema::clip;
use crate::write::{excerpt, has_pointer};
use crate::Ctx;

const KIOSK: (&str, &str) = ("kiosk", "触摸屏心跳 the kiosk heartbeat");
const SERVICE: (&str, &str) = (
    "kiosk.service",
    "心跳声明 site.json's kiosk_heartbeat is a KioskHeartbeatService under the API base",
);
const BEAT: (&str, &str) = (
    "kiosk.beat",
    "心跳 POST the advertised path, a valid beat without Idempotency-Key → 2xx",
);
const INVALID: (&str, &str) = (
    "kiosk.invalid",
    "无效心跳 a beat without device and with a negative uptime → 422 problem at /device and /uptime_seconds",
);

/// The operation in the spec, wherever the backend puts it.
const BEAT_OP: (&str, &str) = ("post", "/v1/kiosk/heartbeat");

/// The test device's name; staff can recognise and forget it.
pub const TEST_DEVICE: &str = "一致性检查（可删除）";

impl Ctx<'_> {
    pub(crate) fn kiosk_side(&mut self) {
        let Some(site) = self.site.clone() else {
            self.push(Check::new(
                KIOSK.0,
                KIOSK.1,
                Outcome::Skip,
                "needs v1/site.json",
            ));
            return;
        };
        let service = match site.get("kiosk_heartbeat") {
            None | Some(Value::Null) => {
                self.push(Check::new(
                    KIOSK.0,
                    KIOSK.1,
                    Outcome::Skip,
                    "backend does not advertise a heartbeat (no kiosk_heartbeat in site.json)",
                ));
                return;
            }
            Some(service) => service.clone(),
        };
        let Some(url) = self.check_heartbeat_service(&service) else {
            self.push(Check::new(
                KIOSK.0,
                KIOSK.1,
                Outcome::Skip,
                "no path to post beats to (see kiosk.service)",
            ));
            return;
        };
        if !self.cfg.write {
            self.push(Check::new(
                KIOSK.0,
                KIOSK.1,
                Outcome::Skip,
                format!("pass --write to send beats; they list a test device {TEST_DEVICE}"),
            ));
            return;
        }
        self.check_invalid_beat(&url);
        self.check_beat(&url);
    }

    /// Checks the declaration; the URL to post to, when its path is one a
    /// client may use.
    fn check_heartbeat_service(&mut self, service: &Value) -> Option<Url> {
        let mut f = Findings::new();
        let site = self.url("v1/site.json").expect("it was read");
        let problems = self
            .cfg
            .spec
            .problems("KioskHeartbeatService", service, site.as_str());
        if problems.is_empty() {
            crate::read::app_reads::<gongkai::api::KioskHeartbeatService>(
                service,
                &site,
                "KioskHeartbeatService",
                &mut f,
            );
        }
        f.extend(
            problems
                .into_iter()
                .map(|p| format!("{p} (within \"/kiosk_heartbeat\")")),
        );
        let path = service.get("path").and_then(Value::as_str);
        let url = match path {
            Some(path) if is_heartbeat_path(path) => match self.url(path) {
                Ok(url) => Some(url),
                Err(e) => {
                    f.fail(e);
                    None
                }
            },
            Some(path) => {
                f.fail(format!(
                    "{site} at \"/kiosk_heartbeat/path\": {:?} is not a path under the API base \
                     (segments of letters, digits, _ - and ., none starting with .; no leading /, \
                     scheme, query or fragment); clients send no beats there",
                    clip(path, 80)
                ));
                None
            }
            None => None,
        };
        let note = match (&url, service.get("interval_seconds")) {
            (Some(url), Some(interval)) => format!("{url} every {interval} s"),
            _ => String::new(),
        };
        self.push(f.into_check(SERVICE.0, SERVICE.1, note));
        url
    }

    fn check_beat(&mut self, url: &Url) {
        let mut f = Findings::new();
        let beat = json!({
            "device": TEST_DEVICE,
            "version": concat!("gongkai-conformance/", env!("CARGO_PKG_VERSION")),
            "data_age_seconds": 0,
            "uptime_seconds": 0,
            "last_error": null,
        });
        if let Some(r) = self.post(url, None, &beat, &mut f) {
            if r.status / 100 != 2 {
                let key = if r.body.windows(23).any(|w| w == b"idempotency-key-missing") {
                    " — a heartbeat takes no Idempotency-Key (a beat replaces the last one)"
                } else {
                    ""
                };
                f.fail(format!(
                    "POST {}: HTTP {}, expected 2xx{key}{}",
                    r.url,
                    r.status,
                    excerpt(&r)
                ));
            }
        }
        self.push(f.into_check(BEAT.0, BEAT.1, format!("as {TEST_DEVICE}")));
    }

    fn check_invalid_beat(&mut self, url: &Url) {
        let mut f = Findings::new();
        let beat = json!({ "device": "", "version": "1", "uptime_seconds": -1 });
        if let Some(r) = self.post(url, None, &beat, &mut f) {
            if r.status / 100 == 2 {
                f.fail(format!(
                    "POST {}: HTTP {} — accepted a beat without a device name and with a negative uptime",
                    r.url, r.status
                ));
            } else if let Some(problem) = self.expect_problem(BEAT_OP, &r, 422, &mut f) {
                for pointer in ["/device", "/uptime_seconds"] {
                    if !has_pointer(&problem, pointer) {
                        f.fail(format!(
                            "POST {} at \"/errors\": no error with pointer \"{pointer}\"; errors: {}",
                            r.url,
                            clip(&problem["errors"].to_string(), 200)
                        ));
                    }
                }
            }
        }
        self.push(f.into_check(INVALID.0, INVALID.1, ""));
    }
}
