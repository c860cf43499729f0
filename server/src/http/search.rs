//! `GET v1/search.json`: search and filtered, counted lists, with the
//! client's semantics (`Filters` and `Query`), answered from the database's
//! index (see `store/search.rs`). Advertised in `site.json` as
//! `{"type": "query", "path": "v1/search.json"}`.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use gongkai::api::{is_valid_id, SearchPage};
use gongkai::domain::filters::{KindFilter, StatusFilter};
use gongkai::domain::orgs::subtree;
use serde::Deserialize;
use time::OffsetDateTime;

use super::{blocking, json, ApiError, App};
use crate::store::SearchQuery;

/// Where the endpoint is, relative to the API base.
pub const SEARCH_PATH: &str = "v1/search.json";

/// Entries per page unless `limit` says otherwise, and the most it may say.
pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;

/// The longest query taken, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// The query string as sent; an empty value counts as absent.
#[derive(Deserialize)]
pub struct Params {
    q: Option<String>,
    org: Option<String>,
    sub: Option<String>,
    category: Option<String>,
    kind: Option<String>,
    status: Option<String>,
    year: Option<String>,
    quarter: Option<String>,
    offset: Option<String>,
    limit: Option<String>,
}

/// A 400 naming the parameter and what it may be.
fn bad(detail: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "bad-parameter", "查询参数有误").detail(detail)
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// A whole number written in ASCII digits alone, at most `max`.
fn number(value: &str, max: u64) -> Option<u64> {
    (value.len() <= 19 && value.bytes().all(|b| b.is_ascii_digit()))
        .then(|| value.parse().ok())
        .flatten()
        .filter(|n| *n <= max)
}

/// The parameters, read strictly: each value must mean something.
struct Parsed {
    query: SearchQuery,
    org: Option<String>,
    sub: bool,
}

fn parse(p: &Params) -> Result<Parsed, ApiError> {
    let q = p.q.clone().unwrap_or_default();
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(bad(format!("q 最多{MAX_QUERY_CHARS}个字")));
    }
    let org = match given(&p.org) {
        Some(org) if !is_valid_id(org) => return Err(bad(format!("org “{org}”不是组织编号"))),
        org => org.map(str::to_owned),
    };
    let sub = match given(&p.sub) {
        None | Some("0" | "false") => false,
        Some("1" | "true") => true,
        Some(_) => return Err(bad("sub 只能是 1（含下级组织）或 0")),
    };
    let category = match given(&p.category) {
        Some(c) if !is_valid_id(c) => return Err(bad(format!("category “{c}”不是分类编号"))),
        c => c.map(str::to_owned),
    };
    let kind = given(&p.kind)
        .map(|k| KindFilter::parse(k).ok_or_else(|| bad("kind 只能是 regular、staged 或 ad_hoc")))
        .transpose()?;
    let status = given(&p.status)
        .map(|s| StatusFilter::parse(s).ok_or_else(|| bad("status 只能是 upcoming、open 或 ended")))
        .transpose()?;
    let year = given(&p.year)
        .map(|y| {
            number(y, 9999)
                .filter(|y| *y >= 1)
                .map(|y| y as i32)
                .ok_or_else(|| bad("year 须为四位年份，如 2026"))
        })
        .transpose()?;
    let quarter = given(&p.quarter)
        .map(|q| {
            number(q, 4)
                .filter(|q| *q >= 1)
                .map(|q| q as u8)
                .ok_or_else(|| bad("quarter 只能是 1、2、3 或 4"))
        })
        .transpose()?;
    let offset = given(&p.offset)
        .map(|o| number(o, i64::MAX as u64).ok_or_else(|| bad("offset 须为不小于0的整数")))
        .transpose()?
        .unwrap_or(0);
    let limit = given(&p.limit)
        .map(|l| {
            number(l, MAX_LIMIT)
                .filter(|l| *l >= 1)
                .ok_or_else(|| bad(format!("limit 须为1到{MAX_LIMIT}之间的整数")))
        })
        .transpose()?
        .unwrap_or(DEFAULT_LIMIT);
    Ok(Parsed {
        query: SearchQuery {
            query: q,
            orgs: None,
            category,
            kind,
            status,
            year,
            quarter,
            offset,
            limit,
        },
        org,
        sub,
    })
}

/// `GET v1/search.json?q=&org=&sub=&category=&kind=&status=&year=&quarter=&offset=&limit=`
pub async fn search(
    State(app): State<App>,
    params: Result<Query<Params>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = params.map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, "bad-parameter", "查询参数有误").detail(format!(
            "查询参数无法读取（每个参数最多出现一次）：{}",
            e.body_text()
        ))
    })?;
    let Parsed {
        mut query,
        org,
        sub,
    } = parse(&params)?;
    let found = blocking(move || {
        if let Some(org) = org {
            let orgs = app.store.orgs()?.organisations;
            if !orgs.iter().any(|o| o.id == org) {
                return Err(bad(format!("没有编号为“{org}”的组织")));
            }
            query.orgs = Some(if sub { subtree(&orgs, &org) } else { vec![org] });
        }
        let found = app.store.search(&query, OffsetDateTime::now_utc())?;
        Ok((query.offset, found))
    })
    .await?;
    let (offset, found) = found;
    let mut page = SearchPage {
        total: found.total,
        offset,
        items: found.items,
    };
    // Entries leave out the body: the item's own file has it.
    for item in &mut page.items {
        item.body_html.clear();
    }
    let mut value = serde_json::to_value(&page).map_err(ApiError::internal)?;
    if let Some(items) = value.get_mut("items").and_then(|i| i.as_array_mut()) {
        for item in items {
            if let Some(item) = item.as_object_mut() {
                item.remove("body_html");
            }
        }
    }
    Ok(json(StatusCode::OK, &value))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parameters as axum reads them; values already percent-encoded.
    fn params(pairs: &[(&str, &str)]) -> Params {
        let query: String = pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let uri: axum::http::Uri = format!("/?{query}").parse().unwrap();
        Query::<Params>::try_from_uri(&uri).unwrap().0
    }

    #[test]
    fn values_are_read_strictly() {
        let ok = parse(&params(&[
            ("q", "%E5%85%9A%E8%B4%B9"),
            ("org", "qingxi-village"),
            ("sub", "1"),
            ("kind", "regular"),
            ("status", "ended"),
            ("year", "2026"),
            ("quarter", "3"),
            ("offset", "40"),
            ("limit", "100"),
        ]))
        .unwrap();
        assert_eq!(ok.query.limit, 100);
        assert_eq!(ok.query.offset, 40);
        assert_eq!(ok.query.year, Some(2026));
        assert_eq!(ok.query.quarter, Some(3));
        assert!(ok.sub);
        assert_eq!(ok.query.query, "党费");
        let defaults = parse(&params(&[("kind", ""), ("limit", "")])).unwrap();
        assert_eq!(defaults.query.limit, DEFAULT_LIMIT);
        assert_eq!(defaults.query.kind, None);
        for (name, value) in [
            ("kind", "monthly"),
            ("status", "OPEN"),
            ("year", "2026.0"),
            ("year", "-1"),
            ("quarter", "5"),
            ("quarter", "0"),
            ("offset", "-1"),
            ("offset", "1e3"),
            ("limit", "0"),
            ("limit", "101"),
            ("sub", "yes"),
            ("org", "../x"),
            ("category", "a%20b"),
        ] {
            let e = parse(&params(&[(name, value)])).err();
            assert!(e.is_some(), "{name}={value}");
            let e = e.unwrap();
            assert_eq!(e.status, StatusCode::BAD_REQUEST);
            assert!(e.detail.unwrap_or_default().contains(name), "{name}");
        }
    }
}
