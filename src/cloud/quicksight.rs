//! QuickSight's S3 data source reads CSV/TSV/JSON through a manifest file (not
//! Parquet, which reaches QuickSight through Athena). One manifest per table.

use serde::Serialize;

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
    pub text_qualifier: &'static str,
    pub contains_header: &'static str,
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
}
