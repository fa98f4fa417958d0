FROM maven:3.9-eclipse-temurin-17 AS build
# Node.js and npm bundle GraphiQL into the jar (frontend/graphiql, from the npm registry).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY frontend/graphiql/package.json frontend/graphiql/package-lock.json frontend/graphiql/build.sh frontend/graphiql/build.mjs frontend/graphiql/
COPY frontend/graphiql/src frontend/graphiql/src
COPY schema schema
COPY index-mappings index-mappings
COPY seeds seeds
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
# curl for the HEALTHCHECK only.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin spotcheck
WORKDIR /app
COPY --from=build /src/target/spotcheck.jar /app/spotcheck.jar
USER spotcheck
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=5 \
    CMD curl -fsS -o /dev/null http://localhost:8080/actuator/health || exit 1
# 4 MB G1 regions: a draw reads its snapshot in answers of about 1 MB, which 1 MB regions (the default
# at this heap) treat as humongous objects, each starting a collection.
# The whole heap from the start: G1 otherwise keeps it small, where the server's live set sits above the
# marking threshold and concurrent cycles follow young collections one after another.
ENTRYPOINT ["java", "-Xms512m", "-Xmx512m", "-XX:G1HeapRegionSize=4m", "-jar", "/app/spotcheck.jar"]
