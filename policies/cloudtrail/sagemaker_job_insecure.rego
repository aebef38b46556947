# METADATA
# title: A SageMaker job was launched without isolation or encryption
# description: |
#   A successful CreateTrainingJob, CreateProcessingJob, CreateTransformJob or
#   CreateHyperParameterTuningJob reading from a bucket matching regulated_buckets (or whose inputs are not
#   S3) that lacks network isolation, a VPC, a volume KMS key, an output KMS key or inter-container
#   traffic encryption, as applicable to the job type. Jobs are not managed by Terraform or AWS Config,
#   so the API call is where they are judged.
# custom:
#   id: CT-SAGEMAKER-JOB-INSECURE
#   severity: medium
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.30", "gxp-annex11:7.1", "gxp-annex11:12.1"]
#   remediation: "Launch the job with EnableNetworkIsolation, a VpcConfig of private subnets, VolumeKmsKeyId and OutputDataConfig.KmsKeyId set to the customer-managed key, and EnableInterContainerTrafficEncryption; enforce them with sagemaker: condition keys (sagemaker:NetworkIsolation, sagemaker:VpcSubnets, sagemaker:VolumeKmsKey, sagemaker:OutputKmsKey, sagemaker:InterContainerTrafficEncryption) in IAM policies."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.sagemaker_job_insecure

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	some name, spec in _jobs
	ct.call(r, "sagemaker.amazonaws.com", {name})
	p := ct.params(r)
	job := object.get(p, spec.prefix, {})
	_regulated_inputs(job, spec.inputs)
	some protection, check in spec.protections
	_missing(job, check)
	path := concat(".", array.concat(["requestParameters"], array.concat(spec.prefix, check.path)))
	msg := sprintf("%s: %s %q %s; %s", [ct.describe(r), spec.what, object.get(p, spec.name, "?"), protection, check.fix])
}

_isolation := {"path": ["enableNetworkIsolation"], "kind": "true", "fix": "set EnableNetworkIsolation"}

_vpc := {"path": ["vpcConfig"], "kind": "present", "fix": "set a VpcConfig with private subnets"}

_volume_key := {"path": ["resourceConfig", "volumeKmsKeyId"], "kind": "present", "fix": "set VolumeKmsKeyId to a customer-managed key"}

_output_key := {"path": ["outputDataConfig", "kmsKeyId"], "kind": "present", "fix": "set OutputDataConfig.KmsKeyId to a customer-managed key"}

_intercontainer := {"path": ["enableInterContainerTrafficEncryption"], "kind": "true", "fix": "set EnableInterContainerTrafficEncryption"}

_training := {
	"runs without network isolation": _isolation,
	"runs outside a VPC": _vpc,
	"has no KMS key for its storage volumes": _volume_key,
	"has no KMS key for its output": _output_key,
	"does not encrypt traffic between its containers": _intercontainer,
}

_jobs := {
	"CreateTrainingJob": {"what": "training job", "name": "trainingJobName", "prefix": [], "inputs": [["inputDataConfig"], ["dataSource", "s3DataSource", "s3Uri"]], "protections": _training},
	"CreateHyperParameterTuningJob": {"what": "tuning job", "name": "hyperParameterTuningJobName", "prefix": ["trainingJobDefinition"], "inputs": [["inputDataConfig"], ["dataSource", "s3DataSource", "s3Uri"]], "protections": _training},
	"CreateProcessingJob": {"what": "processing job", "name": "processingJobName", "prefix": [], "inputs": [["processingInputs"], ["s3Input", "s3Uri"]], "protections": {
		"runs without network isolation": {"path": ["networkConfig", "enableNetworkIsolation"], "kind": "true", "fix": "set NetworkConfig.EnableNetworkIsolation"},
		"runs outside a VPC": {"path": ["networkConfig", "vpcConfig"], "kind": "present", "fix": "set NetworkConfig.VpcConfig with private subnets"},
		"has no KMS key for its storage volumes": {"path": ["processingResources", "clusterConfig", "volumeKmsKeyId"], "kind": "present", "fix": "set ClusterConfig.VolumeKmsKeyId to a customer-managed key"},
		"has no KMS key for its output": {"path": ["processingOutputConfig", "kmsKeyId"], "kind": "present", "fix": "set ProcessingOutputConfig.KmsKeyId to a customer-managed key"},
		"does not encrypt traffic between its containers": {"path": ["networkConfig", "enableInterContainerTrafficEncryption"], "kind": "true", "fix": "set NetworkConfig.EnableInterContainerTrafficEncryption"},
	}},
	"CreateTransformJob": {"what": "transform job", "name": "transformJobName", "prefix": [], "inputs": [["transformInput"], ["dataSource", "s3DataSource", "s3Uri"]], "protections": {
		"has no KMS key for its storage volumes": {"path": ["transformResources", "volumeKmsKeyId"], "kind": "present", "fix": "set TransformResources.VolumeKmsKeyId to a customer-managed key"},
		"has no KMS key for its output": {"path": ["transformOutput", "kmsKeyId"], "kind": "present", "fix": "set TransformOutput.KmsKeyId to a customer-managed key"},
	}},
}

_missing(job, check) if {
	check.kind == "true"
	not ct.truthy(object.get(job, check.path, false))
}

_missing(job, check) if {
	check.kind == "present"
	object.get(job, check.path, "") in {"", null, {}}
}

# The S3 buckets a job reads: inputs = [path of the input list (or object), path of the URI in an entry].
_input_buckets(job, inputs) := {bucket |
	some entry in ct.as_list(object.get(job, inputs[0], null))
	uri := object.get(entry, inputs[1], "")
	startswith(lower(uri), "s3://")
	bucket := split(substring(uri, 5, -1), "/")[0]
}

_regulated_inputs(job, inputs) if {
	some bucket in _input_buckets(job, inputs)
	ct.regulated_bucket(bucket)
}

_regulated_inputs(job, inputs) if count(_input_buckets(job, inputs)) == 0
