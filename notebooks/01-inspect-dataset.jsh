// Inspect a dataset: its description, files and pipelines, as text.
//   bin/usmart shell --sandbox notebooks/01-inspect-dataset.jsh   (without --sandbox: your organisation, with its credentials)
// Exits non-zero if any step fails, so it can run on a schedule as a health check.
System.out.println(banner());

var air = dataset("114f8ea9-b5fa-45dd-af46-f9313dd31762");
var view = air.view();
System.out.println(view.toText());

System.out.println(table(air.pipelines()).toText());
