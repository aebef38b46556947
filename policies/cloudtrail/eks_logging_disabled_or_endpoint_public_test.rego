package evident.checks.cloudtrail.eks_logging_disabled_or_endpoint_public_test

import rego.v1

import data.evident.checks.cloudtrail.eks_logging_disabled_or_endpoint_public as check
import data.evident.test.cloudtrail as fx

_update(params) := fx.record("eks.amazonaws.com", "UpdateClusterConfig", object.union({"name": "prod-eu"}, params))

test_audit_logging_off if {
	params := {"logging": {"clusterLogging": [{"types": ["api", "audit", "authenticator"], "enabled": false}]}}
	vs := check.violation with input as fx.normalised(_update(params))
	fx.paths(vs) == {"requestParameters.logging.clusterLogging[0]"}
	some v in vs
	contains(v.msg, "disabled the audit, authenticator control-plane logs")
}

test_other_logs_off_is_fine if {
	count(check.violation) == 0 with input as fx.normalised(_update({"logging": {"clusterLogging": [{"types": ["scheduler"], "enabled": false}, {"types": ["audit"], "enabled": true}]}}))
}

test_public_endpoint_eventbridge if {
	count(check.violation) == 1 with input as fx.eventbridge(_update({"resourcesVpcConfig": {"endpointPublicAccess": true, "publicAccessCidrs": ["0.0.0.0/0"]}}))
	count(check.violation) == 0 with input as fx.normalised(_update({"resourcesVpcConfig": {"endpointPublicAccess": true, "publicAccessCidrs": ["203.0.113.0/24"]}}))
	count(check.violation) == 0 with input as fx.normalised(_update({"resourcesVpcConfig": {"endpointPublicAccess": false, "endpointPrivateAccess": true}}))
}

test_create_cluster_defaults_public if {
	rec := fx.record("eks.amazonaws.com", "CreateCluster", {"name": "dev", "roleArn": "arn:aws:iam::123456789012:role/eks", "resourcesVpcConfig": {"subnetIds": ["subnet-1", "subnet-2"]}})
	count(check.violation) == 1 with input as fx.normalised(rec)
}

test_denied if {
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_update({"resourcesVpcConfig": {"endpointPublicAccess": true}})))
}
