//! Where a dataset is: a local folder or `s3://bucket/prefix`, decided once,
//! when the command line is parsed, for every command's `--data`.

use std::fmt;
use std::path::PathBuf;

use super::s3::{is_s3, S3Location};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatasetLocation {
    /// A folder `extract -o DIR` wrote.
    Local(PathBuf),
    /// A prefix `export --to` (or `extract -o s3://…`) wrote.
    S3(S3Location),
}

impl DatasetLocation {
    /// `s3://…` and `s3a://…` are S3 (refused when malformed); anything else a folder.
    pub fn parse(s: &str) -> Result<Self, String> {
        if is_s3(s) {
            S3Location::parse(s)
                .map(DatasetLocation::S3)
                .map_err(|e| e.to_string())
        } else if s.is_empty() {
            Err("expected a dataset folder or s3://bucket/prefix".into())
        } else {
            Ok(DatasetLocation::Local(PathBuf::from(s)))
        }
    }

    pub fn local(&self) -> Option<&std::path::Path> {
        match self {
            DatasetLocation::Local(p) => Some(p),
            DatasetLocation::S3(_) => None,
        }
    }
}

impl fmt::Display for DatasetLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatasetLocation::Local(p) => write!(f, "{}", p.display()),
            DatasetLocation::S3(loc) => f.write_str(loc.url("").trim_end_matches('/')),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_once() {
        assert_eq!(
            DatasetLocation::parse("dataset"),
            Ok(DatasetLocation::Local("dataset".into()))
        );
        let s3 = DatasetLocation::parse("s3://bkt/a/b/").unwrap();
        assert_eq!(s3.to_string(), "s3://bkt/a/b");
        assert!(s3.local().is_none());
        assert_eq!(
            DatasetLocation::parse("s3://bkt").unwrap().to_string(),
            "s3://bkt"
        );
        assert!(DatasetLocation::parse("s3:///x").is_err());
        assert!(DatasetLocation::parse("").is_err());
    }
}
