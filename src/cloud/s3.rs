//! S3 locations and stores, configured from the standard AWS environment
//! (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION`
//! or `AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL` for S3-compatible servers, …).

use std::sync::Arc;

use object_store::aws::{AmazonS3, AmazonS3Builder, AmazonS3ConfigKey};
use object_store::path::Path as ObjectPath;
use object_store::ClientConfigKey;

use crate::error::{Error, Result};

/// `s3://bucket/prefix`, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Location {
    pub bucket: String,
    /// Without leading or trailing `/`; empty for the bucket's root.
    pub prefix: String,
}

impl S3Location {
    pub fn parse(url: &str) -> Result<Self> {
        let rest = url
            .strip_prefix("s3://")
            .or_else(|| url.strip_prefix("s3a://"))
            .ok_or_else(|| Error::BadS3Url(url.to_string()))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() || bucket.contains(['?', '#']) {
            return Err(Error::BadS3Url(url.to_string()));
        }
        Ok(S3Location {
            bucket: bucket.to_string(),
            prefix: prefix.trim_matches('/').to_string(),
        })
    }

    /// The object path of `rel` (`tasks/week=1/part-00000.parquet`) under the prefix.
    pub fn key(&self, rel: &str) -> ObjectPath {
        if self.prefix.is_empty() {
            ObjectPath::from(rel)
        } else {
            ObjectPath::from(format!("{}/{rel}", self.prefix))
        }
    }

    /// `s3://bucket/prefix/rel`.
    pub fn url(&self, rel: &str) -> String {
        format!("s3://{}/{}", self.bucket, self.key(rel))
    }

    /// `s3://bucket` (what an object store is registered under).
    pub fn root(&self) -> String {
        format!("s3://{}", self.bucket)
    }
}

/// Whether a CLI path argument names S3 rather than a local folder.
pub fn is_s3(s: &str) -> bool {
    s.starts_with("s3://") || s.starts_with("s3a://")
}

/// A store for `loc.bucket` from the environment. Path-style requests are the
/// default (what S3-compatible servers need; AWS accepts them too); set
/// `AWS_VIRTUAL_HOSTED_STYLE_REQUEST=true` for virtual-hosted style. An
/// `http://` endpoint is allowed without also setting `AWS_ALLOW_HTTP`.
pub fn store(loc: &S3Location) -> Result<Arc<AmazonS3>> {
    let mut b = AmazonS3Builder::from_env().with_bucket_name(&loc.bucket);
    let endpoint = std::env::var("AWS_ENDPOINT_URL_S3")
        .or_else(|_| std::env::var("AWS_ENDPOINT_URL"))
        .or_else(|_| std::env::var("AWS_ENDPOINT"))
        .ok();
    if endpoint
        .as_deref()
        .is_some_and(|e| e.starts_with("http://"))
        && std::env::var_os("AWS_ALLOW_HTTP").is_none()
    {
        b = b.with_allow_http(true);
    }
    if std::env::var_os("AWS_REGION").is_none() && std::env::var_os("AWS_DEFAULT_REGION").is_none()
    {
        b = b.with_region("us-east-1");
    }
    // A command-line user waits for an answer: a few quick retries, not minutes.
    // (Set as config keys: `with_client_options` would drop what the environment set.)
    b = b.with_retry(object_store::RetryConfig {
        backoff: object_store::BackoffConfig::default(),
        max_retries: 3,
        retry_timeout: std::time::Duration::from_secs(20),
    });
    for (key, value) in [
        (ClientConfigKey::ConnectTimeout, "5s"),
        (ClientConfigKey::Timeout, "120s"),
    ] {
        if std::env::var_os(format!("AWS_{}", key.as_ref().to_uppercase())).is_none() {
            b = b.with_config(AmazonS3ConfigKey::Client(key), value);
        }
    }
    Ok(Arc::new(b.build()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        let l = S3Location::parse("s3://bkt/a/b/").unwrap();
        assert_eq!((l.bucket.as_str(), l.prefix.as_str()), ("bkt", "a/b"));
        assert_eq!(
            l.url("tasks/week=1/x.parquet"),
            "s3://bkt/a/b/tasks/week=1/x.parquet"
        );
        let root = S3Location::parse("s3://bkt").unwrap();
        assert_eq!(root.key("_manifest.json").as_ref(), "_manifest.json");
        assert!(S3Location::parse("/tmp/x").is_err());
        assert!(S3Location::parse("s3:///x").is_err());
    }
}
