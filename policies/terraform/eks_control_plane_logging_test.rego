package evident.checks.terraform.eks_control_plane_logging_test

import data.evident.checks.terraform.eks_control_plane_logging as check
import data.evident.lib.terraform_testing as t

test_no_logging_fires_twice if {
	count(check.violation) == 2 with input as t.plan([t.rc("aws_eks_cluster.ml", "aws_eks_cluster", {"name": "ml"})])
}

test_api_only_fires if {
	count(check.violation) == 2 with input as t.plan([t.rc("aws_eks_cluster.ml", "aws_eks_cluster", {"enabled_cluster_log_types": ["api"]})])
	count(check.violation) == 1 with input as t.plan([t.rc("aws_eks_cluster.ml", "aws_eks_cluster", {"enabled_cluster_log_types": ["api", "audit"]})])
}

test_audit_and_authenticator_pass if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_eks_cluster.ml", "aws_eks_cluster", {"enabled_cluster_log_types": ["audit", "authenticator", "api"]})])
}
