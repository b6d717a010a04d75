//! The usage the estimate assumes where a design states none, and the
//! sizes it assumes where the model has no field; each is listed in the
//! estimate's assumptions.

/// Gigabytes a flow carries each month unless its usage says otherwise.
pub const FLOW_GB: f64 = 10.0;
/// Requests a flow makes each month unless its usage says otherwise.
pub const FLOW_REQUESTS: f64 = 1_000_000.0;
/// Requests a function, queue, table, bucket or API serves each month when
/// neither its usage nor any flow into it says.
pub const RESOURCE_REQUESTS: f64 = 1_000_000.0;
/// The mean duration of a function's invocation.
pub const LAMBDA_DURATION_MS: f64 = 100.0;
/// Gigabytes stored in a bucket.
pub const S3_STORED_GB: f64 = 10.0;
/// Gigabytes stored in a table.
pub const DYNAMODB_STORED_GB: f64 = 1.0;
/// Gigabytes a log group ingests when no flow into it says.
pub const LOGS_INGESTED_GB: f64 = 1.0;
/// The size of an ECS service's Fargate task (the model has no task size):
/// the smallest Fargate task.
pub const FARGATE_VCPU: f64 = 0.25;
pub const FARGATE_MEMORY_GB: f64 = 0.5;
/// Gigabytes an Aurora cluster stores when its usage does not say.
pub const AURORA_STORED_GB: f64 = 20.0;
/// Storage I/O requests an Aurora cluster makes each month when its usage
/// does not say.
pub const AURORA_IO_REQUESTS: f64 = 10_000_000.0;
/// Gigabytes an EFS file system keeps in Standard, and in Infrequent
/// Access, when its usage does not say.
pub const EFS_STANDARD_GB: f64 = 10.0;
pub const EFS_IA_GB: f64 = 0.0;
/// What one load balancer capacity unit processes per hour: an ALB's LCU
/// 1 GB for instance and IP targets and 0.4 GB for Lambda targets, or 25
/// new connections a second; an NLB's NLCU 1 GB or 800 new TCP flows a
/// second. The estimate takes one connection per request and traffic
/// spread evenly over the month.
pub const ALB_GB_PER_LCU_HOUR: f64 = 1.0;
pub const ALB_LAMBDA_GB_PER_LCU_HOUR: f64 = 0.4;
pub const ALB_CONNECTIONS_PER_LCU_SECOND: f64 = 25.0;
pub const NLB_GB_PER_NLCU_HOUR: f64 = 1.0;
pub const NLB_CONNECTIONS_PER_NLCU_SECOND: f64 = 800.0;

/// The assumptions every estimate states, after the price table's own.
pub fn general_assumptions() -> Vec<String> {
    vec![
        "On-demand prices, Linux, no free tier, no Savings Plans or reserved capacity; taxes and \
         support not included."
            .to_owned(),
        format!(
            "A flow carries {FLOW_GB} GB and {} requests a month unless its usage says otherwise; \
             a blocked flow carries nothing.",
            thousands(FLOW_REQUESTS)
        ),
        format!(
            "A Lambda function, SQS queue, API, bucket or table serves the requests of the flows \
             into it, or {} a month when none reach it and its usage says nothing.",
            thousands(RESOURCE_REQUESTS)
        ),
        format!(
            "Lambda: {LAMBDA_DURATION_MS} ms per invocation at the function's memory, x86. ECS \
             services run on Fargate with {FARGATE_VCPU} vCPU and {FARGATE_MEMORY_GB} GB per task."
        ),
        "Auto Scaling groups run their desired capacity (their minimum size when none is set) \
         all month, unless their usage states the instances they run on average."
            .to_owned(),
        format!(
            "Storage: {S3_STORED_GB} GB per S3 bucket (requests priced as GETs), \
             {DYNAMODB_STORED_GB} GB per DynamoDB table (on-demand, half reads and half writes), \
             log groups ingest their flows' data or {LOGS_INGESTED_GB} GB."
        ),
        "Traffic through a resource in several subnets is spread evenly over them; data between \
         zones is charged leaving one and entering the other."
            .to_owned(),
    ]
}

/// What the estimate assumes of databases, caches and file systems, stated
/// once when the design has one.
pub fn database_assumptions() -> Vec<String> {
    vec![
        "RDS: on-demand, Single-AZ prices; a Multi-AZ instance pays for its primary and its \
         standby (instance hours, storage and IOPS twice); gp2 and gp3 storage at the same price \
         per GB; provisioned IOPS priced on io1 and io2 (at io1's price) and on gp3 above its \
         baseline (3,000 IOPS, 12,000 from 400 GB), gp3's extra throughput not; backup storage \
         up to the database's size is free, and more (longer retention, manual snapshots) is not \
         modelled."
            .to_owned(),
        format!(
            "Aurora: Aurora Standard unless the cluster's storage type is I/O-Optimized \
             (aurora-iopt1: dearer instances and storage, no I/O charge), every DB instance of \
             the cluster all month; {AURORA_STORED_GB} GB stored and {} I/O requests a month \
             unless its usage says otherwise.",
            thousands(AURORA_IO_REQUESTS)
        ),
        "ElastiCache: node-based clusters, every node all month; Valkey nodes priced as Redis OSS \
         (AWS lists them lower)."
            .to_owned(),
        format!(
            "EFS: Regional file systems, {EFS_STANDARD_GB} GB in Standard and {EFS_IA_GB} GB in \
             Infrequent Access unless its usage says otherwise; provisioned throughput priced per \
             MiB/s-month, bursting throughput free; elastic throughput's and Infrequent Access's \
             per-GB transfer charges not priced (the design does not say how much is read and \
             written)."
        ),
    ]
}

/// `1000000` as `1,000,000`.
pub fn thousands(n: f64) -> String {
    let digits = format!("{:.0}", n);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_separated() {
        assert_eq!(super::thousands(1_000_000.0), "1,000,000");
        assert_eq!(super::thousands(730.0), "730");
        assert_eq!(super::thousands(12_500.0), "12,500");
    }
}
