package io.github.usmartkit.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Seeds a fresh sandbox with the demo organisation whose GUIDs the README documents. The CSVs
 * are generated from fixed seeds, so every fresh sandbox holds the same bytes.
 */
final class DemoOrganisation {
    static final String ORG = "7e8c0232-dab2-4937-8a70-335c712a135b";
    static final String OTHER_ORG = "2f1d7a4c-9b3e-4c61-8e0a-6d5f4b3a2c10";

    static final String AIR_DATASET = "114f8ea9-b5fa-45dd-af46-f9313dd31762";
    static final String AIR_FILE = "3880d4e6-ffdd-465b-bd97-56901021ef1c";
    static final String AIR_API = "e5a73062-ed6c-4282-8262-b33ae725f02b";
    static final String AIR_DOWNLOAD = "c3c07df2-3773-45aa-8597-b78b38666096";
    static final String CAR_DATASET = "a60c7aad-cf06-4def-938e-31a6432d45f1";
    static final String CAR_FILE = "4d12f6b1-27d0-40e9-b104-cf702d2f382b";
    static final String CAR_API = "ade675ea-1a63-4322-9d7a-c58782afe012";
    static final String BIN_DATASET = "127ec799-8236-47e1-96e6-599762f1025d";
    static final String BIN_FILE = "03e30a34-4e71-4bec-9e07-8befa1900f29";
    static final String BIN_API = "14097793-c88a-48d1-b817-29a4a0017332";
    static final String PLAYGROUND_DATASET = "6acb8f8c-7bd3-46a0-9633-f271c8d17ed2";
    /** A published dataset with one GeoJSON file that DCAT lists with the media type {@code GEOJSON}, and no pipeline. */
    static final String RECYCLING_DATASET = "a2624c83-2296-497a-a725-fef950f3724f";
    static final String RECYCLING_FILE = "43b2466a-fd37-4e99-931a-c4a14e58d0fc";
    /** Datasets the catalogue lists without files, as real catalogues do: one requested by the public, one planned. */
    static final String LIGHTING_DATASET = "85300a7e-c4b8-4535-9b26-9391844850cc";
    static final String CHARGERS_DATASET = "ac686671-8e53-410a-ba57-4fb2ae845272";

    private static final String CREATED = "2026-01-05T09:00:00Z";
    private static final String UPDATED = "2026-11-27T10:00:00Z";

    private DemoOrganisation() {
    }

    static State seed(SandboxStore store) {
        State s = new State();
        SecureRandom random = new SecureRandom();
        s.signingSecret = hex(random, 32);

        State.Org org = new State.Org();
        org.guid = ORG;
        org.name = "Demo City Council";
        org.slug = slug(org.name);
        s.orgs.put(ORG, org);
        State.Org other = new State.Org();
        other.guid = OTHER_ORG;
        other.name = "Neighbouring Borough Council";
        other.slug = slug(other.name);
        s.orgs.put(OTHER_ORG, other);

        user(s, random, "viewer", "Vera Viewer", "Viewer", ORG);
        user(s, random, "provider", "Paul Provider", "Provider", ORG);
        user(s, random, "admin", "Ada Admin", "Admin", ORG);
        user(s, random, "other", "Olive Outsider", "Provider", OTHER_ORG);

        State.Dataset air = dataset(org, AIR_DATASET, "Air quality readings",
                "Hourly nitrogen dioxide and particulate readings from the council's four roadside monitoring sites.",
                "public", "Environment", List.of("air quality", "pollution", "NO2", "PM10", "PM2.5"));
        air.accrualPeriodicity = "Hourly";
        SeedFile airFile = file(store, air, AIR_FILE, "air-quality-2026.csv", airQuality());
        container(air, AIR_API, "csv-to-api", airFile);
        container(air, AIR_DOWNLOAD, "csv-to-download", airFile);

        State.Dataset car = dataset(org, CAR_DATASET, "Car park occupancy",
                "Half-hourly occupancy of the council's multi-storey and surface car parks.",
                "public", "Transport", List.of("parking", "car parks", "occupancy"));
        car.accrualPeriodicity = "Daily";
        container(car, CAR_API, "csv-to-api", file(store, car, CAR_FILE, "car-park-occupancy.csv", carParks()));

        State.Dataset bins = dataset(org, BIN_DATASET, "Bin collections",
                "Scheduled household bin collections by street (internal operational data).",
                "private", "Environment", List.of("waste", "bins", "collections"));
        bins.accrualPeriodicity = "Weekly";
        container(bins, BIN_API, "csv-to-api", file(store, bins, BIN_FILE, "bin-collections.csv", binCollections()));

        dataset(org, PLAYGROUND_DATASET, "Playground",
                "An empty dataset to rehearse file:create and resourceContainer:create on.",
                "public", "Other", List.of("test"));

        State.Dataset recycling = dataset(org, RECYCLING_DATASET, "Recycling points",
                "Locations of the council's public recycling points and what each accepts.",
                "public", "Environment", List.of("recycling", "waste", "locations"));
        SeedFile points = file(store, recycling, RECYCLING_FILE, "recycling-points.geojson", recyclingPoints());
        points.rec().mediaType = "GEOJSON";

        State.Dataset lighting = dataset(org, LIGHTING_DATASET, "Street lighting faults",
                "Faults reported on street lights and when they were repaired (asked for by residents).",
                "public", "Infrastructure", List.of("street lighting", "faults"));
        lighting.status = "Request";
        State.Dataset chargers = dataset(org, CHARGERS_DATASET, "Electric vehicle charge points",
                "Public charge points for electric vehicles, their connectors and availability (in preparation).",
                "public", "Transport", List.of("electric vehicles", "charging"));
        chargers.status = "Planned";
        return s;
    }

    private static void user(State s, SecureRandom random, String kind, String name, String role, String org) {
        State.User u = new State.User();
        u.keyId = "key-" + kind + "-" + hex(random, 4);
        u.secret = hex(random, 24);
        u.name = name;
        u.role = role;
        u.orgGUID = org;
        s.users.put(u.keyId, u);
    }

    private static State.Dataset dataset(State.Org org, String guid, String title, String description,
                                         String visibility, String theme, List<String> keywords) {
        State.Dataset d = new State.Dataset();
        d.guid = guid;
        d.title = title;
        d.description = description;
        d.visibility = visibility;
        d.licence = "OGL-UK-3.0";
        d.keywords.addAll(keywords);
        d.theme = theme;
        d.publisher = org.name;
        d.contactPoint = "opendata@demo-city.example";
        d.contactName = "Open Data Team";
        d.status = "Published";
        d.created = CREATED;
        d.updated = UPDATED;
        org.datasets.put(guid, d);
        return d;
    }

    /** A seeded file and what processing its CSV finds (null for a file that is not CSV). */
    private record SeedFile(State.FileRec rec, Pipelines.Analysis analysis) { }

    private static SeedFile file(SandboxStore store, State.Dataset d, String guid, String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String blob = store.newBlobName();
        try {
            Files.write(store.blobPath(blob), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        State.FileRec f = new State.FileRec();
        f.fileGUID = guid;
        f.content(name, bytes.length, md5(bytes), blob, UPDATED);
        f.revision = 1;
        f.created = CREATED;
        d.files.add(f);
        if (!name.endsWith(".csv")) {
            return new SeedFile(f, null);
        }
        try {
            return new SeedFile(f, Pipelines.analyse(store.blobPath(blob), "csv-to-api"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void container(State.Dataset d, String guid, String pipeline, SeedFile seed) {
        State.FileRec f = seed.rec();
        State.Container c = new State.Container();
        c.guid = guid;
        c.pipelineId = pipeline;
        c.fileGUID = f.fileGUID;
        c.status = "complete";
        c.lastProcessed = UPDATED;
        c.created = CREATED;
        // the seeded CSVs are known good: publish them without a processing run, typed as one would
        State.Publication p = Pipelines.publication(1, f.blob, f.fileSize, f.revision, UPDATED, seed.analysis());
        c.rowCount = p.rowCount;
        c.publications.add(p);
        d.containers.add(c);
    }

    private static final String[] SITES = {"Central Library", "Harbour Road", "North Park", "Station Street"};

    /** 500 hours x 4 sites = 2000 rows. */
    static String airQuality() {
        Random r = new Random(2026);
        StringBuilder sb = new StringBuilder(120_000).append("timestamp,site,no2,pm10,pm25\n");
        LocalDateTime t = LocalDateTime.of(2026, 1, 1, 0, 0);
        for (int h = 0; h < 500; h++, t = t.plusHours(1)) {
            int hour = t.getHour();
            double rush = (hour >= 7 && hour <= 9) || (hour >= 16 && hour <= 18) ? 1.6 : 1.0;
            for (int i = 0; i < SITES.length; i++) {
                double base = 18 + i * 6;
                double no2 = Math.max(2, base * rush + r.nextGaussian() * 6);
                double pm10 = Math.max(1, 12 + i * 2 + rush * 3 + r.nextGaussian() * 4);
                double pm25 = Math.max(0.5, pm10 * (0.45 + r.nextDouble() * 0.2));
                instant(sb, t).append(',').append(SITES[i]).append(',');
                round1(sb, no2).append(',');
                round1(sb, pm10).append(',');
                round1(sb, pm25).append('\n');
            }
        }
        return sb.toString();
    }

    private static final String[] CAR_PARKS = {"Castle Terrace", "Greenside", "St James Quarter", "Waverley Station", "Riverside"};
    private static final int[] CAPACITY = {640, 420, 1200, 300, 180};

    /** 300 half-hours x 5 car parks = 1500 rows. */
    static String carParks() {
        Random r = new Random(1500);
        StringBuilder sb = new StringBuilder(80_000).append("timestamp,car_park,capacity,occupied\n");
        LocalDateTime t = LocalDateTime.of(2026, 11, 20, 6, 0);
        for (int k = 0; k < 300; k++, t = t.plusMinutes(30)) {
            double hour = t.getHour() + t.getMinute() / 60.0;
            double load = Math.max(0.05, Math.sin(Math.PI * (hour - 6) / 14)) ;
            for (int i = 0; i < CAR_PARKS.length; i++) {
                int occupied = (int) Math.round(CAPACITY[i] * Math.min(1.0, load * (0.7 + r.nextDouble() * 0.3)));
                instant(sb, t).append(',').append(CAR_PARKS[i]).append(',')
                        .append(CAPACITY[i]).append(',').append(Math.max(0, occupied)).append('\n');
            }
        }
        return sb.toString();
    }

    private static final String[] STREETS = {"Mill Lane", "Church Street", "\"Queen's Drive, East\"", "Victoria Road",
        "Park Avenue", "High Street", "Orchard Close", "\"Station Road, Upper\"", "Meadow View", "Bridge Street"};
    private static final String[] WARDS = {"Northfield", "Harbourside", "Old Town", "Westgate", "Riverside"};
    private static final String[] BINS = {"general waste", "recycling", "food waste", "garden waste", "glass"};

    /** 100 days x 5 collections = 500 rows. */
    static String binCollections() {
        Random r = new Random(500);
        StringBuilder sb = new StringBuilder(30_000).append("date,street,ward,bin_type\n");
        LocalDate d = LocalDate.of(2026, 9, 1);
        for (int day = 0; day < 100; day++, d = d.plusDays(1)) {
            for (int k = 0; k < 5; k++) {
                int street = r.nextInt(STREETS.length);
                sb.append(d).append(',').append(STREETS[street]).append(',').append(WARDS[street % WARDS.length])
                        .append(',').append(BINS[r.nextInt(BINS.length)]).append('\n');
            }
        }
        return sb.toString();
    }

    private static final String[][] RECYCLING = {
        {"Harbour Road car park", "-3.1712", "55.9801", "glass, cans, paper"},
        {"North Park gates", "-3.2104", "55.9712", "glass, textiles"},
        {"Station Street", "-3.1890", "55.9521", "paper, cans, plastic bottles"},
    };

    /** A small GeoJSON FeatureCollection of points. */
    static String recyclingPoints() {
        StringBuilder sb = new StringBuilder("{\"type\": \"FeatureCollection\", \"features\": [");
        for (int i = 0; i < RECYCLING.length; i++) {
            String[] p = RECYCLING[i];
            sb.append(i == 0 ? "\n" : ",\n").append("  {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [")
                    .append(p[1]).append(", ").append(p[2]).append("]}, \"properties\": {\"name\": \"").append(p[0])
                    .append("\", \"accepts\": \"").append(p[3]).append("\"}}");
        }
        return sb.append("\n]}\n").toString();
    }

    /** An organisation's short name in its public URLs: the letters and digits of its name, lower case. */
    static String slug(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                sb.append(c);
            }
        }
        return sb.isEmpty() ? "org" : sb.toString();
    }

    // The two below write what Instant.toString and String.valueOf(Math.round(v * 10) / 10.0) wrote
    // (the same bytes, so the same MD5s), without the ISO formatter and Double.toString: a fresh
    // sandbox runs them about 9,500 times, still interpreted, and they were most of its seeding's time.

    /** {@code t}, a whole second in UTC, as {@code 2026-01-01T07:00:00Z}. */
    private static StringBuilder instant(StringBuilder sb, LocalDateTime t) {
        sb.append(t.getYear()).append('-');
        two(sb, t.getMonthValue()).append('-');
        two(sb, t.getDayOfMonth()).append('T');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        return two(sb, t.getSecond()).append('Z');
    }

    private static StringBuilder two(StringBuilder sb, int n) {
        return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /** {@code v} (positive, below 10^7) rounded to one decimal: {@code 12.3}, {@code 4.0}. */
    private static StringBuilder round1(StringBuilder sb, double v) {
        long tenths = Math.round(v * 10);
        return sb.append(tenths / 10).append('.').append(tenths % 10);
    }

    private static String hex(SecureRandom r, int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
