//! QuickSight's S3 data source reads CSV/TSV/JSON through a manifest file (not
//! Parquet, which reaches QuickSight through Athena). One manifest per table.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use serde::Serialize;

use super::s3::S3Location;
use crate::dataset::Table;
use crate::error::{Error, Result};
use crate::output::{self, Format};

/// The folder under an export's location that holds the CSV files and manifests.
pub const PREFIX: &str = "quicksight";

#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub file_locations: Vec<FileLocation>,
    pub global_upload_settings: UploadSettings,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct FileLocation {
    /// Folders: QuickSight reads every file under each.
    #[serde(rename = "URIPrefixes")]
    pub uri_prefixes: Vec<String>,
}

#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UploadSettings {
    pub format: &'static str,
    pub delimiter: &'static str,
    /// AWS's manifest documentation spells this one key in lower case
    /// (`textqualifier`), beside the camel-case `containsHeader`.
    #[serde(rename = "textqualifier")]
    pub text_qualifier: &'static str,
    pub contains_header: &'static str,
}

/// QuickSight's documented limits for files read through one S3 manifest.
pub const MAX_FILE_BYTES: u64 = 1 << 30;
pub const MAX_FILES: usize = 1_000;
pub const MAX_TOTAL_BYTES: u64 = 10 << 30;

/// Why QuickSight would refuse `table`'s manifest over files of `sizes` bytes
/// (each file a CSV whose first bytes are `heads`), or `None`.
pub fn refusal(table: &str, sizes: &[u64], heads: &[&[u8]]) -> Option<String> {
    if sizes.len() > MAX_FILES {
        return Some(format!(
            "table {table}: {} CSV files, over QuickSight's {MAX_FILES} files per manifest",
            sizes.len()
        ));
    }
    if let Some(big) = sizes.iter().find(|&&b| b > MAX_FILE_BYTES) {
        return Some(format!(
            "table {table}: a CSV file of {big} bytes, over QuickSight's 1 GiB per file"
        ));
    }
    let total: u64 = sizes.iter().sum();
    if total > MAX_TOTAL_BYTES {
        return Some(format!(
            "table {table}: {total} bytes of CSV, over QuickSight's 10 GiB per manifest"
        ));
    }
    // QuickSight reads a byte-order mark as part of the first column's name.
    if heads.iter().any(|h| h.starts_with(b"\xEF\xBB\xBF")) {
        return Some(format!(
            "table {table}: a CSV file starts with a byte-order mark, which QuickSight does not read"
        ));
    }
    None
}

/// A manifest for the CSV files (comma-delimited, with a header row) under the
/// folders `uri_prefixes` (`s3://bucket/prefix/quicksight/tasks/`).
pub fn manifest(uri_prefixes: Vec<String>) -> Manifest {
    Manifest {
        file_locations: vec![FileLocation { uri_prefixes }],
        global_upload_settings: UploadSettings {
            format: "CSV",
            delimiter: ",",
            text_qualifier: "\"",
            contains_header: "true",
        },
    }
}

/// Write one table's rows as CSV under `tmp`, and its manifest naming the
/// folder the CSV goes to under `loc`: the two files to upload, CSV first,
/// each with its path under the export's root (`quicksight/TABLE/TABLE.csv`,
/// `quicksight/TABLE.manifest.json`). A table QuickSight would refuse (see
/// [`refusal`]) is an error naming it.
pub fn write_table(
    table: Table,
    schema: &SchemaRef,
    batches: &[RecordBatch],
    loc: &S3Location,
    tmp: &Path,
) -> Result<[(PathBuf, String); 2]> {
    let name = table.name();
    let csv_rel = format!("{PREFIX}/{name}/{name}.csv");
    let csv = tmp.join(format!("{name}.csv"));
    let mut f = fs::File::create(&csv).map_err(|e| Error::io(&csv, e))?;
    output::write(&mut f, Format::Csv, schema, batches)?;
    crate::interrupt::file_written();
    let size = fs::metadata(&csv).map_err(|e| Error::io(&csv, e))?.len();
    let mut head = [0u8; 3];
    let n = fs::File::open(&csv)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| Error::io(&csv, e))?;
    if let Some(why) = refusal(name, &[size], &[&head[..n]]) {
        return Err(Error::QuickSightLimit(why));
    }
    let man_rel = format!("{PREFIX}/{name}.manifest.json");
    let man = tmp.join(format!("{name}.manifest.json"));
    let m = manifest(vec![format!("{}/", loc.url(&format!("{PREFIX}/{name}")))]);
    fs::write(&man, serde_json::to_vec_pretty(&m)?).map_err(|e| Error::io(&man, e))?;
    Ok([(csv, csv_rel), (man, man_rel)])
}

#[cfg(test)]
mod tests {
    #[test]
    fn manifest_has_quicksight_field_names() {
        let m = super::manifest(vec!["s3://b/p/quicksight/tasks/".into()]);
        let j = serde_json::to_value(&m).unwrap();
        assert_eq!(
            j["fileLocations"][0]["URIPrefixes"][0],
            "s3://b/p/quicksight/tasks/"
        );
        assert_eq!(j["globalUploadSettings"]["format"], "CSV");
        assert_eq!(j["globalUploadSettings"]["containsHeader"], "true");
    }

    /// The whole manifest, key for key, as AWS documents the S3 manifest format.
    #[test]
    fn manifest_is_the_documented_shape() {
        let m = super::manifest(vec!["s3://b/p/quicksight/tasks/".into()]);
        let j = serde_json::to_value(&m).unwrap();
        assert_eq!(
            j,
            serde_json::json!({
                "fileLocations": [{"URIPrefixes": ["s3://b/p/quicksight/tasks/"]}],
                "globalUploadSettings": {
                    "format": "CSV",
                    "delimiter": ",",
                    "textqualifier": "\"",
                    "containsHeader": "true"
                }
            })
        );
    }

    #[test]
    fn limits_name_the_table() {
        use super::*;
        assert_eq!(refusal("tasks", &[10, 20], &[b"a,b", b"c"]), None);
        let big = refusal("tasks", &[MAX_FILE_BYTES + 1], &[b"a"]).unwrap();
        assert!(
            big.contains("table tasks") && big.contains("1 GiB"),
            "{big}"
        );
        let many = refusal("pages", &vec![1; MAX_FILES + 1], &[]).unwrap();
        assert!(
            many.contains("table pages") && many.contains("1000 files"),
            "{many}"
        );
        let total = refusal("tasks", &[MAX_FILE_BYTES; 11], &[]).unwrap();
        assert!(total.contains("10 GiB"), "{total}");
        let bom = refusal("tasks", &[6], &[b"\xEF\xBB\xBFa,b"]).unwrap();
        assert!(bom.contains("byte-order mark"), "{bom}");
        // At the limits exactly: accepted.
        assert_eq!(refusal("t", &[MAX_FILE_BYTES; 10], &[]), None);
    }
}
