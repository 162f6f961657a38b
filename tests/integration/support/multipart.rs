//! Reads the multipart/form-data bodies teloxide sends files in.

use serde_json::{json, Value};

/// The fields of a multipart/form-data body (files as text, under their field name, with
/// `<name>_filename` beside them). Enough for what teloxide sends.
pub fn multipart(body: &[u8], boundary: &str) -> Value {
    let text = String::from_utf8_lossy(body);
    let mut fields = serde_json::Map::new();
    for part in text.split(&format!("--{boundary}")) {
        let Some((head, value)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let Some(name) = head
            .split("name=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        else {
            continue;
        };
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        if let Some(file) = head
            .split("filename=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        {
            fields.insert(format!("{name}_filename"), json!(file));
        }
        // Numbers, and objects such as reply_markup or reply_parameters, are JSON in a field.
        let object = (value.starts_with('{') || value.starts_with('['))
            .then(|| serde_json::from_str::<Value>(value).ok())
            .flatten();
        let parsed = match (value.parse::<i64>(), object) {
            (Ok(n), _) => json!(n),
            (_, Some(v)) => v,
            _ => json!(value),
        };
        fields.insert(name.to_string(), parsed);
    }
    // teloxide sends files as `document=attach://<part>`: resolve those references.
    let refs: Vec<(String, String)> = fields
        .iter()
        .filter_map(|(k, v)| {
            Some((
                k.clone(),
                v.as_str()?.strip_prefix("attach://")?.to_string(),
            ))
        })
        .collect();
    for (key, part) in refs {
        if let Some(content) = fields.get(&part).cloned() {
            fields.insert(key.clone(), content);
        }
        if let Some(name) = fields.get(&format!("{part}_filename")).cloned() {
            fields.insert(format!("{key}_filename"), name);
        }
    }
    Value::Object(fields)
}
