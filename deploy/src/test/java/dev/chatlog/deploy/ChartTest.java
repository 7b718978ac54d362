package dev.chatlog.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart in deploy/helm/chatlog, linted in strict mode and rendered with an embedded Helm for
 * several values files, its manifests read back as Kubernetes objects and checked: schedules,
 * commands, secret references, the restricted Pod Security profile and no credentials.
 */
class ChartTest {
  private static final Path CHART = Path.of("helm", "chatlog");
  private static final Path VALUES = Path.of("src", "test", "resources", "values");
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** The objects of one rendering, by kind and name. */
  record Rendered(String yaml, Map<String, JsonNode> objects) {
    <T> T get(String kind, String name, Class<T> type) {
      JsonNode node = objects.get(kind + "/" + name);
      assertThat(node).as("%s/%s among %s", kind, name, objects.keySet()).isNotNull();
      return JSON.convertValue(node, type);
    }

    List<CronJob> cronJobs() {
      return objects.entrySet().stream()
          .filter(e -> e.getKey().startsWith("CronJob/"))
          .map(e -> JSON.convertValue(e.getValue(), CronJob.class))
          .toList();
    }

    CronJob cronJob(String job) {
      return get("CronJob", "chatlog-" + job, CronJob.class);
    }

    List<String> names(String kind) {
      return objects.keySet().stream()
          .filter(key -> key.startsWith(kind + "/"))
          .map(key -> key.substring(kind.length() + 1))
          .sorted()
          .toList();
    }
  }

  private static Rendered render(String valuesFile, Map<String, Object> sets) throws IOException {
    var template = new Helm(CHART).template().withName("chatlog").withNamespace("ops");
    if (valuesFile != null) {
      template = template.withValuesFile(VALUES.resolve(valuesFile));
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    String yaml = template.call();
    Map<String, JsonNode> objects = new TreeMap<>();
    YAMLFactory factory = new YAMLFactory();
    try (YAMLParser parser = factory.createParser(yaml)) {
      for (JsonNode node : new ObjectMapper(factory).readValues(parser, JsonNode.class).readAll()) {
        if (node != null && node.has("kind")) {
          String key =
              node.path("kind").asText() + "/" + node.path("metadata").path("name").asText();
          assertThat(objects.put(key, node)).as("duplicate %s", key).isNull();
        }
      }
    }
    return new Rendered(yaml, objects);
  }

  private static Rendered render(String valuesFile) throws IOException {
    return render(valuesFile, Map.of());
  }

  private static PodSpec pod(CronJob job) {
    return job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
  }

  private static Container container(CronJob job) {
    return pod(job).getContainers().get(0);
  }

  /** The claim of the pod's volume of this name. */
  private static String claim(CronJob job, String volume) {
    return pod(job).getVolumes().stream()
        .filter(v -> v.getName().equals(volume))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + volume))
        .getPersistentVolumeClaim()
        .getClaimName();
  }

  private static Map<String, String> env(CronJob job) {
    return container(job).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> String.valueOf(e.getValue())));
  }

  @Test
  void lintIsCleanInStrictMode() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void theDefaultsKeepAFileStoreOnAClaimAndInstallNoPruneWithoutRetention() throws Exception {
    Rendered rendered = render(null);

    assertThat(rendered.names("CronJob"))
        .containsExactly("chatlog-backup", "chatlog-compact", "chatlog-verify");
    assertThat(rendered.cronJob("compact").getSpec().getSchedule()).isEqualTo("*/30 * * * *");
    assertThat(rendered.cronJob("verify").getSpec().getSchedule()).isEqualTo("45 3 * * *");
    assertThat(rendered.cronJob("backup").getSpec().getSchedule()).isEqualTo("0 4 * * *");
    assertThat(rendered.cronJob("compact").getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    // the image's entrypoint runs the command; the jobs give its arguments
    assertThat(container(rendered.cronJob("compact")).getCommand()).isEmpty();
    assertThat(container(rendered.cronJob("compact")).getArgs()).containsExactly("compact");
    assertThat(container(rendered.cronJob("verify")).getArgs()).containsExactly("verify");
    assertThat(container(rendered.cronJob("backup")).getCommand()).containsExactly("/bin/sh", "-c");
    assertThat(container(rendered.cronJob("backup")).getArgs())
        .containsExactly(
            "exec chatlog export --format archive --output"
                + " /backup/chatlog-$(date -u +%Y%m%dT%H%M%SZ).tar.gz");
    assertThat(env(rendered.cronJob("compact")))
        .containsEntry("CHM_STORE", "file:///data/store")
        .containsEntry("CHM_LOG_FORMAT", "json")
        .doesNotContainKey("CHM_METRICS_PUSHGATEWAY");
    assertThat(rendered.names("PersistentVolumeClaim"))
        .containsExactly("chatlog-backup", "chatlog-store");
    PersistentVolumeClaim store =
        rendered.get("PersistentVolumeClaim", "chatlog-store", PersistentVolumeClaim.class);
    assertThat(store.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("10Gi");
    assertThat(claim(rendered.cronJob("backup"), "backup")).isEqualTo("chatlog-backup");
    assertThat(claim(rendered.cronJob("compact"), "store")).isEqualTo("chatlog-store");
    assertThat(rendered.names("ExternalSecret")).isEmpty();
  }

  @Test
  void aFileStoreWithRetentionPrunesOnItsSchedule() throws Exception {
    Rendered rendered = render("file-store.yaml");

    CronJob prune = rendered.cronJob("prune");
    assertThat(prune.getSpec().getSchedule()).isEqualTo("15 3 * * *");
    assertThat(prune.getSpec().getTimeZone()).isEqualTo("Europe/Berlin");
    assertThat(container(prune).getArgs()).containsExactly("prune");
    assertThat(env(prune)).containsEntry("CHM_RETENTION_MAX_CHUNKS", "5000");
    PersistentVolumeClaim store =
        rendered.get("PersistentVolumeClaim", "chatlog-store", PersistentVolumeClaim.class);
    assertThat(store.getSpec().getStorageClassName()).isEqualTo("fast");
    assertThat(store.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("50Gi");
  }

  @Test
  void anS3StoreUsesIrsaABucketForBackupsAndThePushgateway() throws Exception {
    Rendered rendered = render("s3-irsa.yaml");

    ServiceAccount account = rendered.get("ServiceAccount", "chatlog", ServiceAccount.class);
    assertThat(account.getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/chatlog");
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    assertThat(rendered.names("PersistentVolumeClaim")).isEmpty();
    assertThat(rendered.names("CronJob"))
        .containsExactly("chatlog-backup", "chatlog-compact", "chatlog-prune", "chatlog-verify");
    assertThat(rendered.cronJob("compact").getSpec().getSchedule()).isEqualTo("*/10 * * * *");
    assertThat(container(rendered.cronJob("verify")).getArgs())
        .containsExactly("verify", "--repair");
    assertThat(container(rendered.cronJob("backup")).getArgs())
        .containsExactly("exec chatlog copy --to 's3://team-backups/chatlog'");
    for (CronJob job : rendered.cronJobs()) {
      assertThat(pod(job).getServiceAccountName()).isEqualTo("chatlog");
      assertThat(env(job))
          .containsEntry("CHM_STORE", "s3://team-chats/prod?region=eu-west-1")
          .containsEntry("CHM_METRICS_PUSHGATEWAY", "http://pushgateway.monitoring:9091")
          .containsEntry("CHM_RETENTION_MAX_CHUNKS", "100000")
          .containsEntry("CHM_RETENTION_MAX_AGE_DAYS", "365");
      assertThat(container(job).getEnvFrom()).isEmpty();
    }
  }

  @Test
  void credentialsComeFromAnExternalSecretByReference() throws Exception {
    Rendered rendered = render("minio-external-secret.yaml");

    GenericKubernetesResource secret =
        rendered.get("ExternalSecret", "chatlog-credentials", GenericKubernetesResource.class);
    assertThat(secret.getApiVersion()).isEqualTo("external-secrets.io/v1beta1");
    Map<String, Object> spec = secret.get("spec");
    assertThat(spec).containsEntry("refreshInterval", "1h");
    assertThat(JSON.valueToTree(spec).path("target").path("name").asText())
        .isEqualTo("chatlog-credentials");
    assertThat(JSON.valueToTree(spec).path("data").findValuesAsText("secretKey"))
        .containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    for (CronJob job : rendered.cronJobs()) {
      assertThat(container(job).getEnvFrom())
          .singleElement()
          .satisfies(
              from -> assertThat(from.getSecretRef().getName()).isEqualTo("chatlog-credentials"));
      assertThat(env(job))
          .containsEntry("CHM_S3_ENDPOINT", "https://minio.storage:9000")
          .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    }
    assertThat(claim(rendered.cronJob("backup"), "backup")).isEqualTo("chatlog-backups");
    assertThat(rendered.names("PersistentVolumeClaim")).isEmpty();
  }

  @Test
  void gcsUsesWorkloadIdentity() throws Exception {
    Rendered rendered = render("gcs-workload-identity.yaml");

    assertThat(
            rendered
                .get("ServiceAccount", "chatlog", ServiceAccount.class)
                .getMetadata()
                .getAnnotations())
        .containsEntry("iam.gke.io/gcp-service-account", "chatlog@acme.iam.gserviceaccount.com");
    assertThat(rendered.names("CronJob")).containsExactly("chatlog-compact", "chatlog-verify");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "file-store.yaml",
        "s3-irsa.yaml",
        "minio-external-secret.yaml",
        "gcs-workload-identity.yaml"
      })
  void everyPodRunsUnderTheRestrictedProfileWithoutCredentials(String values) throws Exception {
    Rendered rendered = render(values.isEmpty() ? null : values);

    assertThat(rendered.cronJobs()).isNotEmpty();
    for (CronJob job : rendered.cronJobs()) {
      PodSpec pod = pod(job);
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
      for (Container container : pod.getContainers()) {
        var security = container.getSecurityContext();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(container.getVolumeMounts())
            .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        for (EnvVar env : container.getEnv()) {
          String name = env.getName().toUpperCase(Locale.ROOT);
          assertThat(name)
              .as("a credential in values")
              .doesNotContain("SECRET", "PASSWORD", "TOKEN");
          assertThat(name).doesNotEndWith("_KEY").doesNotEndWith("KEY_ID");
        }
      }
    }
    assertThat(rendered.names("Secret"))
        .as("no Secret is rendered: credentials are referenced")
        .isEmpty();
    assertThat(rendered.yaml())
        .doesNotContain("BEGIN PRIVATE KEY")
        .doesNotContainPattern("AKIA[0-9A-Z]{16}");
  }

  @Test
  void theSchemaRefusesACredentialInTheStoresEnvironment() {
    assertThatThrownBy(
            () -> render(null, Map.of("store.env.AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI")))
        .hasMessageContaining("store.env");
  }

  @Test
  void theSchemaRefusesABadStoreUriAndLogFormat() {
    assertThatThrownBy(() -> render(null, Map.of("store.uri", "ftp://x")))
        .hasMessageContaining("store.uri");
    assertThatThrownBy(() -> render(null, Map.of("log.format", "xml")))
        .hasMessageContaining("log.format");
  }

  @Test
  void anExternalSecretNeedsItsStore() {
    List<String> messages = new ArrayList<>();
    assertThatThrownBy(() -> render(null, Map.of("externalSecret.enabled", true)))
        .satisfies(e -> messages.add(e.getMessage()))
        .hasMessageContaining("externalSecret.secretStoreRef.name is required");
  }
}
