// Publish a new version of a file and check what the public sees: the scheduled job.
//   bin/usmart shell --sandbox notebooks/02-replace-and-refresh.jsh   (a rehearsal; without --sandbox, uSmart)
// Set AIR_CSV to the CSV to publish; without it a small generated file is used (sandbox rehearsal).
// publish = preflight (no call if the CSV is malformed) -> replace (keeps the file's name; refused if
// the columns change; nothing sent if unchanged) -> refresh -> wait -> verify. It throws, and the
// script exits non-zero, if any step fails or the public does not see the file's rows and columns.
System.out.println(banner());

var air = dataset("114f8ea9-b5fa-45dd-af46-f9313dd31762");
String FILE = "3880d4e6-ffdd-465b-bd97-56901021ef1c";

Path csv;
if (System.getenv("AIR_CSV") != null) {
    csv = Path.of(System.getenv("AIR_CSV"));
} else {
    csv = Files.createTempDirectory("usmart").resolve("air-2026-02.csv");
    var lines = new ArrayList<String>(List.of("timestamp,site,no2,pm10,pm25"));
    var start = Instant.parse("2026-02-01T00:00:00Z");
    for (int h = 0; h < 24; h++) {
        for (String site : List.of("Central Library", "Harbour Road", "North Park", "Station Street")) {
            lines.add(start.plus(Duration.ofHours(h)) + "," + site + "," + (20 + h) + ".0,14.0,7.0");
        }
    }
    Files.write(csv, lines);
}

var report = air.publish(FILE, csv, UploadOptions.defaults().progress(progress()), Duration.ofMinutes(5));
System.out.println(report.toText());
