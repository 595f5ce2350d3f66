// A scheduled script whose dataset GUID is wrong: must exit non-zero, say why, show no stack trace.
System.out.println("step 1 ok");
var view = dataset("00000000-0000-4000-8000-000000000000").view();
System.out.println("never printed");
