// The AWS Config resource types the policy library's aws-config checks cover (the `resource_types` of
// the catalog's aws-config checks). The scanner reads these unless a source names its own list.
export const LIBRARY_RESOURCE_TYPES: readonly string[] = [
  "AWS::CloudTrail::Trail",
  "AWS::EC2::Instance",
  "AWS::EC2::SecurityGroup",
  "AWS::EC2::Volume",
  "AWS::EFS::FileSystem",
  "AWS::EKS::Cluster",
  "AWS::ElasticLoadBalancingV2::Listener",
  "AWS::KMS::Key",
  "AWS::RDS::DBCluster",
  "AWS::RDS::DBClusterSnapshot",
  "AWS::RDS::DBInstance",
  "AWS::RDS::DBSnapshot",
  "AWS::S3::AccountPublicAccessBlock",
  "AWS::S3::Bucket",
  "AWS::SageMaker::EndpointConfig",
  "AWS::SageMaker::NotebookInstance",
];
