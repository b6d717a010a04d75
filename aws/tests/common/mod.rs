//! Helpers shared by the tests against moto's server: finding the tools of
//! the Python virtualenv, starting moto on a free port of 127.0.0.1, and an
//! SDK configuration pointed at it with moto's dummy credentials.

#![allow(dead_code)]

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const REGION: &str = "us-east-1";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A tool of the virtualenv `tools/setup-python.sh` creates (`<repo>/.venv`,
/// or `$VPCRAFT_PYTHON_VENV`).
pub fn tool(name: &str) -> PathBuf {
    let venv =
        std::env::var_os("VPCRAFT_PYTHON_VENV").map_or_else(|| repo().join(".venv"), PathBuf::from);
    let path = venv.join("bin").join(name);
    assert!(
        path.exists(),
        "{} is missing: run `bash tools/setup-python.sh` to create the Python virtualenv with moto",
        path.display()
    );
    path
}

/// moto's server on a free port of 127.0.0.1, stopped when dropped.
pub struct Moto {
    child: Child,
    pub endpoint: String,
}

impl Moto {
    pub fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(tool("moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "moto_server did not start in 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { child, endpoint: format!("http://127.0.0.1:{port}") }
    }

    /// The SDK configuration for moto: its region, dummy credentials and
    /// this server as every service's endpoint.
    pub async fn config(&self) -> SdkConfig {
        aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(REGION))
            .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
            .endpoint_url(&self.endpoint)
            .load()
            .await
    }

    /// Creates an IAM role Lambda may assume (moto checks that a function's
    /// role exists) and returns its ARN. The Rust SDK for IAM is not a
    /// dependency, so boto3 of the same virtualenv makes it.
    pub fn lambda_role(&self, name: &str) -> String {
        let script = format!(
            "import boto3, json\n\
             iam = boto3.client('iam', endpoint_url='{}', region_name='{REGION}', \
             aws_access_key_id='testing', aws_secret_access_key='testing')\n\
             trust = {{'Version': '2012-10-17', 'Statement': [{{'Effect': 'Allow', \
             'Principal': {{'Service': 'lambda.amazonaws.com'}}, 'Action': 'sts:AssumeRole'}}]}}\n\
             print(iam.create_role(RoleName='{name}', \
             AssumeRolePolicyDocument=json.dumps(trust))['Role']['Arn'])\n",
            self.endpoint
        );
        let output = Command::new(tool("python")).arg("-c").arg(script).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    }

    /// Creates an S3 bucket (moto checks that a flow log's bucket exists),
    /// with boto3 as for [`Moto::lambda_role`].
    pub fn s3_bucket(&self, name: &str) {
        let script = format!(
            "import boto3\n\
             s3 = boto3.client('s3', endpoint_url='{}', region_name='{REGION}', \
             aws_access_key_id='testing', aws_secret_access_key='testing')\n\
             s3.create_bucket(Bucket='{name}')\n",
            self.endpoint
        );
        let output = Command::new(tool("python")).arg("-c").arg(script).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The outline with every resource ID (made up by moto) replaced by its
/// kind and rank, longest first so that a VPC's ID inside its zones' IDs
/// is replaced with them.
pub fn normalized(design: &vpcraft_core::Design) -> String {
    let mut text = vpcraft_aws::map::outline(design);
    let mut rank = std::collections::HashMap::new();
    let mut labels: Vec<(String, String)> = design
        .resources
        .iter()
        .map(|r| {
            let tag = r.kind.tag().as_str();
            let n = rank.entry(tag).or_insert(0);
            *n += 1;
            (r.id.to_string(), format!("<{tag}{n}>"))
        })
        .collect();
    labels.sort_by_key(|(id, _)| std::cmp::Reverse(id.len()));
    for (id, label) in labels {
        text = text.replace(&format!("\"{id}\""), &format!("\"{label}\""));
        text = text.replace(&format!("{id} "), &format!("{label} "));
        text = text.replace(&format!(" {id}\n"), &format!(" {label}\n"));
    }
    text
}
