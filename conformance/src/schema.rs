//! The component schemas of `openapi.yaml` as JSON Schema 2020-12
//! validators, resolved within the one document (no network, no files).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{json, Value};

/// `openapi.yaml` as this binary was built with it.
pub const BUNDLED_SPEC: &str = include_str!("../../openapi.yaml");

/// A parsed OpenAPI 3.1 document.
pub struct Spec {
    /// `info.version`, for the report.
    pub version: String,
    root: Value,
    paths: Value,
    validators: RefCell<HashMap<String, Rc<Result<jsonschema::Validator, String>>>>,
}

impl Spec {
    /// The bundled `openapi.yaml`.
    pub fn bundled() -> Spec {
        Spec::parse(BUNDLED_SPEC).expect("the bundled openapi.yaml is an OpenAPI 3.1 document")
    }

    /// Reads an OpenAPI 3.1 document (YAML or JSON).
    pub fn parse(text: &str) -> Result<Spec, String> {
        let doc: Value = serde_norway::from_str(text).map_err(|e| format!("not YAML: {e}"))?;
        let openapi = doc
            .get("openapi")
            .and_then(Value::as_str)
            .ok_or("no `openapi` field: not an OpenAPI document")?;
        if !openapi.starts_with("3.1") {
            return Err(format!(
                "OpenAPI {openapi}: this checker reads OpenAPI 3.1 (JSON Schema 2020-12)"
            ));
        }
        let components = doc.get("components").cloned().unwrap_or(Value::Null);
        if !components.get("schemas").is_some_and(Value::is_object) {
            return Err("no components.schemas".into());
        }
        let version = doc["info"]["version"].as_str().unwrap_or("?").to_owned();
        Ok(Spec {
            version,
            paths: doc.get("paths").cloned().unwrap_or(Value::Null),
            root: json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "components": components,
            }),
            validators: RefCell::default(),
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.root["components"]["schemas"][name].is_object()
    }

    fn validator(&self, name: &str) -> Rc<Result<jsonschema::Validator, String>> {
        self.cached(name, || {
            if !self.has(name) {
                return Err(format!("schema {name} missing from the spec"));
            }
            let mut schema = self.root.clone();
            schema["$ref"] = json!(format!("#/components/schemas/{name}"));
            build(&schema).map_err(|e| format!("schema {name} in the spec does not compile: {e}"))
        })
    }

    fn cached(
        &self,
        key: &str,
        make: impl FnOnce() -> Result<jsonschema::Validator, String>,
    ) -> Rc<Result<jsonschema::Validator, String>> {
        if let Some(v) = self.validators.borrow().get(key) {
            return Rc::clone(v);
        }
        let built = Rc::new(make());
        self.validators
            .borrow_mut()
            .insert(key.to_owned(), Rc::clone(&built));
        built
    }

    /// The schema the spec gives for the `status` answer of `method path`
    /// in `media`: that response, else `default`, following a `$ref` to
    /// `components/responses`.
    fn response_schema(&self, path: &str, method: &str, status: u16, media: &str) -> Option<Value> {
        let responses = self.paths.get(path)?.get(method)?.get("responses")?;
        let mut response = responses
            .get(status.to_string())
            .or_else(|| responses.get("default"))?;
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            let name = reference.strip_prefix("#/components/responses/")?;
            response = self.root["components"]["responses"].get(name)?;
        }
        response.get("content")?.get(media)?.get("schema").cloned()
    }

    /// What is wrong with `value`, the `status` answer of `method path`
    /// (a path of the spec, e.g. `/v1/feedback/{code}`) in `media`, by the
    /// schema the spec gives for that answer; by schema `fallback` when the
    /// spec has none there.
    pub fn response_problems(
        &self,
        (method, path): (&str, &str),
        status: u16,
        media: &str,
        fallback: &str,
        value: &Value,
        url: &str,
    ) -> Vec<String> {
        let Some(schema) = self.response_schema(path, method, status, media) else {
            return self.problems(fallback, value, url);
        };
        let label = format!("{} {path} {status}", method.to_uppercase());
        let validator = self.cached(&format!("{label} {media}"), || {
            let mut root = self.root.clone();
            root["$defs"] = json!({ "response": schema });
            root["$ref"] = json!("#/$defs/response");
            build(&root).map_err(|e| format!("the schema of {label} does not compile: {e}"))
        });
        report(&validator, &format!("the answer to {label}"), value, url)
    }

    /// What is wrong with `value` (fetched from `url`) by schema `name`: one
    /// line per error with the JSON pointer into the document, or
    /// "schema X missing from the spec".
    pub fn problems(&self, name: &str, value: &Value, url: &str) -> Vec<String> {
        report(&self.validator(name), &format!("schema {name}"), value, url)
    }
}

fn build(schema: &Value) -> Result<jsonschema::Validator, String> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| e.to_string())
}

fn report(
    validator: &Result<jsonschema::Validator, String>,
    what: &str,
    value: &Value,
    url: &str,
) -> Vec<String> {
    let validator = match validator {
        Ok(v) => v,
        Err(e) => return vec![format!("{url}: cannot check it: {e}")],
    };
    validator
        .iter_errors(value)
        .map(|e| {
            let message = clip(&e.masked().to_string(), 200);
            format!(
                "{url} at \"{}\": {message} ({what}, {})",
                e.instance_path(),
                e.schema_path()
            )
        })
        .collect()
}

/// `s` cut to at most `max` characters.
pub(crate) fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}
