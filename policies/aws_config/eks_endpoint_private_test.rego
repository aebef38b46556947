package evident.checks.aws_config.eks_endpoint_private_test

import data.evident.checks.aws_config.eks_endpoint_private as check

cluster(vpc) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::EKS::Cluster", "resourceName": "ml", "configuration": {"ResourcesVpcConfig": vpc}}}

test_defaults_are_public_and_fire if {
	count(check.violation) == 1 with input as cluster({"SubnetIds": ["subnet-1"]})
}

test_world_cidr_fires if {
	count(check.violation) == 1 with input as cluster({"EndpointPublicAccess": true, "PublicAccessCidrs": ["0.0.0.0/0"]})
}

test_private_or_restricted_passes if {
	count(check.violation) == 0 with input as cluster({"EndpointPublicAccess": false, "EndpointPrivateAccess": true})
	count(check.violation) == 0 with input as cluster({"EndpointPublicAccess": true, "PublicAccessCidrs": ["203.0.113.0/24"]})
	count(check.violation) == 0 with input as cluster({"endpointPublicAccess": "false"})
}

test_allowed_cidrs_setting if {
	count(check.violation) == 1 with input as cluster({"EndpointPublicAccess": true, "PublicAccessCidrs": ["198.51.100.0/24"]}) with data.evident.config.allowed_cidrs as ["203.0.113.0/24"]
}
