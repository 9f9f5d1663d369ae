# Placeholder until the deployment issue (#7): the container image is built and smoke-tested there.
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}
COPY target/md-rotator.jar /opt/md-rotator/md-rotator.jar
USER 10001:10001
ENTRYPOINT ["java", "-jar", "/opt/md-rotator/md-rotator.jar"]
CMD ["--help"]
