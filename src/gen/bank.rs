//! What generated pages talk about: FCJ-style study topics in both languages,
//! each with the workshop (lab) that usually goes with it.

pub struct Topic {
    pub en: &'static str,
    pub vi: &'static str,
    pub en_items: &'static [&'static str],
    pub vi_items: &'static [&'static str],
    /// FCJ workshop number (`https://0000NN.awsstudygroup.com/`).
    pub lab: Option<u32>,
}

pub const TOPICS: &[Topic] = &[
    Topic {
        en: "AWS account and IAM",
        vi: "Tài khoản AWS và IAM",
        en_items: &[
            "Create an AWS Free Tier account and enable MFA for the root user",
            "Create IAM users, groups and an admin role with least privilege",
            "Set up a budget alert in AWS Budgets",
            "Review the shared responsibility model",
        ],
        vi_items: &[
            "Tạo tài khoản AWS Free Tier và bật MFA cho root user",
            "Tạo IAM user, group và role quản trị theo nguyên tắc đặc quyền tối thiểu",
            "Thiết lập cảnh báo chi phí với AWS Budgets",
            "Tìm hiểu mô hình trách nhiệm chia sẻ",
        ],
        lab: Some(1),
    },
    Topic {
        en: "AWS CLI",
        vi: "AWS CLI",
        en_items: &[
            "Install and configure the AWS CLI with named profiles",
            "List S3 buckets and EC2 instances from the terminal",
            "Use --query and --output table to filter results",
        ],
        vi_items: &[
            "Cài đặt và cấu hình AWS CLI với nhiều profile",
            "Liệt kê S3 bucket và EC2 instance từ terminal",
            "Dùng --query và --output table để lọc kết quả",
        ],
        lab: None,
    },
    Topic {
        en: "Amazon VPC",
        vi: "Amazon VPC",
        en_items: &[
            "CIDR blocks, public and private subnets, route tables",
            "Internet Gateway for public subnets, NAT Gateway for private ones",
            "Compare security groups with network ACLs",
            "Enable VPC Flow Logs and read a few records",
        ],
        vi_items: &[
            "CIDR block, public subnet, private subnet và route table",
            "Internet Gateway cho public subnet, NAT Gateway cho private subnet",
            "So sánh security group và network ACL",
            "Bật VPC Flow Logs và đọc thử vài bản ghi",
        ],
        lab: Some(3),
    },
    Topic {
        en: "Amazon EC2",
        vi: "Amazon EC2",
        en_items: &[
            "Instance types, AMIs and EBS volumes",
            "Connect with SSH and with EC2 Instance Connect",
            "Attach an Elastic IP and a second EBS volume",
            "User data script that installs nginx",
        ],
        vi_items: &[
            "Instance type, AMI và EBS volume",
            "Kết nối bằng SSH và EC2 Instance Connect",
            "Gắn Elastic IP và thêm một EBS volume",
            "Script user data cài đặt nginx",
        ],
        lab: Some(4),
    },
    Topic {
        en: "Auto Scaling and load balancing",
        vi: "Auto Scaling và cân bằng tải",
        en_items: &[
            "Launch template and an Auto Scaling group across two subnets",
            "Application Load Balancer with health checks",
            "Target tracking policy on average CPU",
        ],
        vi_items: &[
            "Launch template và Auto Scaling group trên hai subnet",
            "Application Load Balancer với health check",
            "Target tracking policy theo CPU trung bình",
        ],
        lab: Some(6),
    },
    Topic {
        en: "Amazon S3",
        vi: "Amazon S3",
        en_items: &[
            "Buckets, objects, versioning and lifecycle rules",
            "Host a static website on S3",
            "Bucket policies and Block Public Access",
            "Storage classes and S3 Glacier",
        ],
        vi_items: &[
            "Bucket, object, versioning và lifecycle rule",
            "Host website tĩnh trên S3",
            "Bucket policy và Block Public Access",
            "Các lớp lưu trữ và S3 Glacier",
        ],
        lab: Some(57),
    },
    Topic {
        en: "Amazon CloudFront",
        vi: "Amazon CloudFront",
        en_items: &[
            "Put CloudFront in front of the S3 website with origin access control",
            "Cache behaviours and invalidations",
        ],
        vi_items: &[
            "Đặt CloudFront trước website S3 với origin access control",
            "Cache behavior và invalidation",
        ],
        lab: Some(94),
    },
    Topic {
        en: "Amazon RDS",
        vi: "Amazon RDS",
        en_items: &[
            "Launch a MySQL instance in a private subnet",
            "Multi-AZ deployment and automated backups",
            "Connect from EC2 and restore a snapshot",
        ],
        vi_items: &[
            "Tạo MySQL instance trong private subnet",
            "Triển khai Multi-AZ và sao lưu tự động",
            "Kết nối từ EC2 và khôi phục snapshot",
        ],
        lab: Some(5),
    },
    Topic {
        en: "Amazon DynamoDB",
        vi: "Amazon DynamoDB",
        en_items: &[
            "Tables, partition keys and sort keys",
            "Query versus Scan, global secondary indexes",
            "On-demand capacity and TTL",
        ],
        vi_items: &[
            "Bảng, partition key và sort key",
            "So sánh Query và Scan, global secondary index",
            "Chế độ on-demand và TTL",
        ],
        lab: Some(60),
    },
    Topic {
        en: "AWS Lambda",
        vi: "AWS Lambda",
        en_items: &[
            "Write a Python function and test it in the console",
            "Environment variables, layers and timeouts",
            "Trigger Lambda from S3 events",
        ],
        vi_items: &[
            "Viết hàm Python và chạy thử trên console",
            "Biến môi trường, layer và timeout",
            "Kích hoạt Lambda từ sự kiện S3",
        ],
        lab: Some(78),
    },
    Topic {
        en: "Amazon API Gateway",
        vi: "Amazon API Gateway",
        en_items: &[
            "REST API with a Lambda proxy integration",
            "Stages, usage plans and API keys",
            "Enable CORS for the front end",
        ],
        vi_items: &[
            "REST API tích hợp Lambda proxy",
            "Stage, usage plan và API key",
            "Bật CORS cho front end",
        ],
        lab: Some(79),
    },
    Topic {
        en: "Amazon CloudWatch",
        vi: "Amazon CloudWatch",
        en_items: &[
            "Metrics, dashboards and alarms",
            "CloudWatch Logs Insights queries",
            "Send an alarm to an SNS topic by email",
        ],
        vi_items: &[
            "Metric, dashboard và alarm",
            "Truy vấn CloudWatch Logs Insights",
            "Gửi alarm qua SNS topic đến email",
        ],
        lab: Some(8),
    },
    Topic {
        en: "AWS Systems Manager",
        vi: "AWS Systems Manager",
        en_items: &[
            "Session Manager access to private instances without SSH keys",
            "Patch Manager and Run Command",
        ],
        vi_items: &[
            "Truy cập instance private bằng Session Manager, không cần SSH key",
            "Patch Manager và Run Command",
        ],
        lab: Some(31),
    },
    Topic {
        en: "Amazon Route 53",
        vi: "Amazon Route 53",
        en_items: &[
            "Public and private hosted zones",
            "Routing policies: simple, weighted, failover",
            "Resolver endpoints for hybrid DNS",
        ],
        vi_items: &[
            "Public hosted zone và private hosted zone",
            "Chính sách định tuyến: simple, weighted, failover",
            "Resolver endpoint cho hybrid DNS",
        ],
        lab: Some(10),
    },
    Topic {
        en: "Amazon Athena and AWS Glue",
        vi: "Amazon Athena và AWS Glue",
        en_items: &[
            "Crawl a CSV dataset in S3 with a Glue crawler",
            "Query it with Athena and save results to S3",
            "Partition projection to cut scanned bytes",
        ],
        vi_items: &[
            "Dùng Glue crawler quét dữ liệu CSV trên S3",
            "Truy vấn bằng Athena và lưu kết quả lên S3",
            "Partition projection để giảm dữ liệu quét",
        ],
        lab: Some(40),
    },
    Topic {
        en: "Amazon QuickSight",
        vi: "Amazon QuickSight",
        en_items: &[
            "Connect QuickSight to Athena",
            "Build a dashboard with a heat map and filters",
        ],
        vi_items: &[
            "Kết nối QuickSight với Athena",
            "Tạo dashboard có heat map và bộ lọc",
        ],
        lab: Some(73),
    },
    Topic {
        en: "Containers on Amazon ECS",
        vi: "Container trên Amazon ECS",
        en_items: &[
            "Build a Docker image and push it to Amazon ECR",
            "Run it as an ECS service on Fargate behind a load balancer",
            "Rolling deployments and task definitions",
        ],
        vi_items: &[
            "Build Docker image và đẩy lên Amazon ECR",
            "Chạy ECS service trên Fargate phía sau load balancer",
            "Rolling deployment và task definition",
        ],
        lab: Some(16),
    },
    Topic {
        en: "AWS CloudFormation",
        vi: "AWS CloudFormation",
        en_items: &[
            "Write a template for a VPC with two subnets",
            "Stacks, change sets and drift detection",
            "Parameters, outputs and cross-stack references",
        ],
        vi_items: &[
            "Viết template tạo VPC có hai subnet",
            "Stack, change set và phát hiện drift",
            "Parameter, output và tham chiếu giữa các stack",
        ],
        lab: Some(37),
    },
    Topic {
        en: "CI/CD with CodePipeline",
        vi: "CI/CD với CodePipeline",
        en_items: &[
            "CodeCommit repository and CodeBuild project",
            "CodePipeline that deploys to Elastic Beanstalk",
        ],
        vi_items: &[
            "Repository CodeCommit và project CodeBuild",
            "CodePipeline triển khai lên Elastic Beanstalk",
        ],
        lab: Some(17),
    },
    Topic {
        en: "Amazon Cognito",
        vi: "Amazon Cognito",
        en_items: &[
            "User pool with email sign-up and a hosted UI",
            "Protect the API with a Cognito authorizer",
        ],
        vi_items: &[
            "User pool đăng ký bằng email và hosted UI",
            "Bảo vệ API bằng Cognito authorizer",
        ],
        lab: Some(41),
    },
    Topic {
        en: "AWS KMS and Secrets Manager",
        vi: "AWS KMS và Secrets Manager",
        en_items: &[
            "Customer managed keys and key policies",
            "Rotate a database password with Secrets Manager",
        ],
        vi_items: &[
            "Customer managed key và key policy",
            "Xoay vòng mật khẩu database với Secrets Manager",
        ],
        lab: Some(33),
    },
    Topic {
        en: "Team meeting and project planning",
        vi: "Họp nhóm và lên kế hoạch dự án",
        en_items: &[
            "Weekly sync with the mentor",
            "Split the project backlog and write the architecture diagram",
            "Update the worklog and the proposal",
        ],
        vi_items: &[
            "Họp định kỳ với mentor",
            "Chia backlog dự án và vẽ sơ đồ kiến trúc",
            "Cập nhật worklog và proposal",
        ],
        lab: None,
    },
    Topic {
        en: "AWS Well-Architected Framework",
        vi: "AWS Well-Architected Framework",
        en_items: &[
            "Read the six pillars",
            "Run a review of the team project in the Well-Architected Tool",
        ],
        vi_items: &[
            "Đọc sáu trụ cột",
            "Đánh giá dự án nhóm bằng Well-Architected Tool",
        ],
        lab: None,
    },
];

pub const OTHER_REFS: &[&str] = &[
    "<https://cloudjourney.awsstudygroup.com/>",
    "[AWS Docs](https://docs.aws.amazon.com/)",
    "https://www.youtube.com/@AWSStudyGroup",
    "",
];

/// The FCJ template's own rows, left unedited on some real pages.
pub const TEMPLATE_ROWS: &[(&str, &str)] = &[
    (
        "- Get acquainted with FCJ members <br> - Read and take note of internship unit rules and regulations",
        "08/11/2025",
    ),
    (
        "- Learn about AWS and its types of services <br>&emsp; + Compute <br>&emsp; + Storage <br>&emsp; + Networking <br>&emsp; + Database <br>&emsp; + ... <br>",
        "08/12/2025",
    ),
    (
        "- Create AWS Free Tier account <br> - Learn about AWS Console & AWS CLI <br> - **Practice:** <br>&emsp; + Create AWS account <br>&emsp; + Install & configure AWS CLI <br> &emsp; + How to use AWS CLI",
        "08/13/2025",
    ),
];

pub const FAMILY: &[&str] = &[
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly",
];
pub const GIVEN: &[&str] = &[
    "an", "binh", "chi", "dung", "em", "giang", "hai", "hoa", "khanh", "linh", "minh", "nam",
    "phuong", "quang", "son", "thao", "trang", "tuan", "vy", "yen",
];

/// Tails that make an item read like a real cell (real cells average ~390 bytes a row).
pub const EN_TAILS: &[&str] = &[
    ", following the workshop step by step",
    " and wrote down the differences in my notes",
    ", then cleaned up the resources to avoid charges",
    " (watched the FCJ video first, then did it in the console)",
    ", comparing the console with the CLI",
    " and asked the mentor about the parts I did not understand",
];
pub const VI_TAILS: &[&str] = &[
    ", làm theo workshop từng bước",
    " và ghi lại các điểm khác nhau vào sổ tay",
    ", sau đó xóa tài nguyên để tránh phát sinh chi phí",
    " (xem video FCJ trước, sau đó thực hành trên console)",
    ", so sánh giữa console và CLI",
    " và hỏi mentor những phần chưa hiểu",
];
pub const EN_ACHIEVED: &[&str] = &[
    "Understood the main concepts and can explain them to a teammate",
    "Completed the hands-on labs and cleaned up every resource afterwards",
    "Wrote short notes and screenshots for the team wiki",
    "Know which parts need more practice next week",
];
pub const VI_ACHIEVED: &[&str] = &[
    "Hiểu các khái niệm chính và có thể giải thích lại cho đồng đội",
    "Hoàn thành các bài lab thực hành và dọn dẹp tài nguyên sau khi làm",
    "Viết ghi chú ngắn kèm ảnh chụp màn hình cho wiki của nhóm",
    "Biết những phần cần luyện tập thêm vào tuần sau",
];
