//! Messages on stderr in buf's formats: `--log-format text|color|json` and `--debug`.
//! Library code calls [`warn`] and [`debug`]; `main` sets the format once with [`init`].

use std::{
    io::Write,
    sync::OnceLock,
    time::{SystemTime, UNIX_EPOCH},
};

use crate::cli::LogFormat;

#[derive(Debug, Clone, Copy)]
struct Logger {
    format: LogFormat,
    debug: bool,
}

static LOGGER: OnceLock<Logger> = OnceLock::new();

fn logger() -> Logger {
    *LOGGER.get_or_init(|| Logger {
        format: LogFormat::Color,
        debug: false,
    })
}

/// Sets the format and whether debug messages are shown. Later calls have no effect.
pub fn init(format: LogFormat, debug: bool) {
    let _ = LOGGER.set(Logger { format, debug });
}

/// Whether `--debug` was given.
pub fn debug_enabled() -> bool {
    logger().debug
}

/// A warning, e.g. a deprecated rule in buf.yaml. Continuation lines are indented with a tab.
pub fn warn(message: &str) {
    emit("WARN", "\x1b[33m", message, &[]);
}

/// A debug message with key/value fields, shown only with `--debug`.
pub fn debug(message: &str, fields: &[(&str, String)]) {
    if logger().debug {
        emit("DEBUG", "\x1b[34m", message, fields);
    }
}

fn emit(level: &str, color: &str, message: &str, fields: &[(&str, String)]) {
    let line = format_line(
        logger().format,
        level,
        color,
        message,
        fields,
        SystemTime::now(),
    );
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

fn format_line(
    format: LogFormat,
    level: &str,
    color: &str,
    message: &str,
    fields: &[(&str, String)],
    now: SystemTime,
) -> String {
    let fields_json = || {
        let map: serde_json::Map<String, serde_json::Value> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
            .collect();
        serde_json::Value::Object(map).to_string()
    };
    match format {
        LogFormat::Json => {
            let mut object = serde_json::Map::new();
            object.insert("time".into(), rfc3339(now).into());
            object.insert("level".into(), level.into());
            object.insert("msg".into(), message.into());
            for (k, v) in fields {
                object.insert(k.to_string(), v.clone().into());
            }
            format!("{}\n", serde_json::Value::Object(object))
        }
        LogFormat::Text | LogFormat::Color => {
            let tag = if format == LogFormat::Color {
                format!("{color}{level}\x1b[0m")
            } else {
                level.to_string()
            };
            let body = message.replace('\n', "\n\t");
            if fields.is_empty() {
                format!("{tag}\t{body}\n")
            } else {
                format!("{tag}\t{body}\t{}\n", fields_json())
            }
        }
    }
}

/// `2026-11-23T18:23:30.839Z`-style UTC time.
fn rfc3339(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_like_buf() {
        let t = UNIX_EPOCH + Duration::from_millis(1_795_458_210_839);
        let msg = "Rule X is deprecated.\nUse Y.";
        assert_eq!(
            format_line(LogFormat::Text, "WARN", "\x1b[33m", msg, &[], t),
            "WARN\tRule X is deprecated.\n\tUse Y.\n"
        );
        assert_eq!(
            format_line(LogFormat::Color, "WARN", "\x1b[33m", msg, &[], t),
            "\x1b[33mWARN\x1b[0m\tRule X is deprecated.\n\tUse Y.\n"
        );
        assert_eq!(
            format_line(LogFormat::Json, "WARN", "", "m", &[], t),
            "{\"time\":\"2026-11-23T18:23:30.839Z\",\"level\":\"WARN\",\"msg\":\"m\"}\n"
        );
        assert_eq!(
            format_line(
                LogFormat::Text,
                "DEBUG",
                "",
                "compiled",
                &[("files", "3".into())],
                t
            ),
            "DEBUG\tcompiled\t{\"files\":\"3\"}\n"
        );
    }
}
