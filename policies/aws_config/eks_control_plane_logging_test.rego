package evident.checks.aws_config.eks_control_plane_logging_test

import data.evident.checks.aws_config.eks_control_plane_logging as check

cluster(conf) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::EKS::Cluster", "resourceName": "ml", "configuration": conf}}

test_no_logging_fires_twice if {
	count(check.violation) == 2 with input as cluster({"Name": "ml"})
}

test_pascal_case_enabled_types if {
	count(check.violation) == 0 with input as cluster({"Logging": {"ClusterLogging": {"EnabledTypes": [{"Type": "api"}, {"Type": "audit"}, {"Type": "authenticator"}]}}})
	count(check.violation) == 1 with input as cluster({"Logging": {"ClusterLogging": {"EnabledTypes": [{"Type": "api"}, {"Type": "audit"}]}}})
}

test_camel_case_api_shape if {
	count(check.violation) == 0 with input as cluster({"logging": {"clusterLogging": [{"types": ["audit", "authenticator"], "enabled": true}, {"types": ["scheduler"], "enabled": false}]}})
	count(check.violation) == 2 with input as cluster({"logging": {"clusterLogging": [{"types": ["audit", "authenticator"], "enabled": false}]}})
}

test_string_encoded_configuration if {
	count(check.violation) == 0 with input as cluster(json.marshal({"Logging": {"ClusterLogging": {"EnabledTypes": [{"Type": "audit"}, {"Type": "authenticator"}]}}}))
}
