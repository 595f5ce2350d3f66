// Read the published rows back and summarise them per site; write a PNG chart into a fresh temporary
// folder (never the folder you run it from) and print where it went.
//   bin/usmart shell --sandbox notebooks/05-rows-summary.jsh
import static tech.tablesaw.aggregate.AggregateFunctions.mean;

Table air = read("e5a73062-ed6c-4282-8262-b33ae725f02b").all().table();
System.out.println(air.rowCount() + " rows read");

Table bySite = air.summarize("no2", "pm10", mean).by("site").setName("Mean readings by site");
System.out.println(table(bySite).toText());

Path png = Files.createTempDirectory("usmart-charts").resolve("air-quality-by-site.png");
Files.write(png, barChart(bySite, "site", "Mean [no2]").png());
System.out.println("chart written to " + png.toAbsolutePath());
